// A filter, test or lookup was called wrongly (bad argument, wrong input type). Thrown inside rendering and
// turned into a positioned TemplateError by the engine, like a Python exception inside Jinja.
export class TemplateUsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TemplateUsageError';
  }
}
