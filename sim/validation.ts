/**
 * Model-constraint validation in the services' own words: "1 validation error detected: Value 'x' at 'name'
 * failed to satisfy constraint: Member must ..." (https://github.com/aws/aws-sdk-js/issues/4572). Services differ
 * only in the error code they put on it (EventBridge ValidationException, CloudWatch Logs InvalidParameterException).
 */
import { SimError } from "./errors.ts";

export interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  pattern?: RegExp;
  patternText?: string;
}

export function modelValidation(code: string) {
  const invalid = (field: string, value: unknown, constraint: string): SimError => {
    const shown = value === undefined || value === null ? "null" : `'${String(value)}'`;
    return new SimError(
      code,
      `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
    );
  };

  function checkString(value: string | undefined, field: string, opts: StringRule): string | undefined {
    if (value === undefined) {
      if (opts.required) throw invalid(field, value, "Member must not be null");
      return undefined;
    }
    if (opts.min !== undefined && value.length < opts.min)
      throw invalid(field, value, `Member must have length greater than or equal to ${opts.min}`);
    if (opts.max !== undefined && value.length > opts.max)
      throw invalid(field, value, `Member must have length less than or equal to ${opts.max}`);
    if (opts.pattern && !opts.pattern.test(value))
      throw invalid(
        field,
        value,
        `Member must satisfy regular expression pattern: ${opts.patternText ?? opts.pattern.source}`,
      );
    return value;
  }

  function checkInt(value: number | undefined, field: string, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (!Number.isInteger(value)) throw invalid(field, value, "Member must be an integer");
    if (value < min) throw invalid(field, value, `Member must have value greater than or equal to ${min}`);
    if (value > max) throw invalid(field, value, `Member must have value less than or equal to ${max}`);
    return value;
  }

  function checkEnum(
    value: string | undefined,
    field: string,
    allowed: readonly string[],
  ): string | undefined {
    if (value !== undefined && !allowed.includes(value))
      throw invalid(field, value, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
    return value;
  }

  return { invalid, checkString, checkInt, checkEnum };
}

/** AWS lists names in byte (ASCII) order, not locale order. */
export const ascii = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
