import * as v from 'valibot';

/** Thrown when a value crossing a boundary (a caller's input, a decoded document) is invalid. */
export class ModelValidationError extends Error {
  readonly issues: readonly string[];

  constructor(what: string, issues: readonly string[]) {
    super(`invalid ${what}: ${issues.join('; ')}`);
    this.name = 'ModelValidationError';
    this.issues = issues;
  }
}

function describe(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((issue) => {
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
}

/** Parses `value` or throws a ModelValidationError naming `what` and every issue. */
export function parseOrThrow<const S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  what: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw new ModelValidationError(what, describe(result.issues));
  return result.output;
}

/** Parses `value`, or returns null: for reading documents, where invalid means "not (yet) a document". */
export function parseOrNull<const S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> | null {
  const result = v.safeParse(schema, value);
  return result.success ? result.output : null;
}
