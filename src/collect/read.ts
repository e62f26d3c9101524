/** Wraps one AWS read so a failure becomes a CollectionError in the inventory instead of an exception. */
import { errorCode } from "../aws/layer.ts";
import { failed, ok, type CollectionError, type Read } from "../inventory/model.ts";

export async function read<T>(
  service: string,
  operation: string,
  region: string | undefined,
  resource: string | undefined,
  fn: () => Promise<T>,
): Promise<Read<T>> {
  try {
    return ok(await fn());
  } catch (err) {
    const { code, message } = errorCode(err);
    const error: CollectionError = { service, operation, code, message };
    if (region) error.region = region;
    if (resource) error.resource = resource;
    return failed(error);
  }
}
