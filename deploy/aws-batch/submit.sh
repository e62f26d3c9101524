#!/bin/sh
# One sharded scan on AWS Batch (docs/sharding.md): the array job's 4 children scan a shard each
# (--shard AWS_BATCH_JOB_ARRAY_INDEX/4) under one run id, then the merge job, which depends on the whole array job,
# combines their reports into one scan recorded in PostgreSQL. Register the job definitions once:
#   aws batch register-job-definition --cli-input-json file://deploy/aws-batch/shard-job-definition.json
#   aws batch register-job-definition --cli-input-json file://deploy/aws-batch/merge-job-definition.json
set -eu
here=$(dirname "$0")
run=${1:-$(date -u +%Y%m%dT%H%M%SZ)}
shards=$(aws batch submit-job --cli-input-json "file://$here/submit-shards.json" \
  --parameters "run=$run" --query jobId --output text)
aws batch submit-job --cli-input-json "file://$here/submit-merge.json" \
  --depends-on "jobId=$shards" --query jobId --output text
echo "run $run: shards $shards"
