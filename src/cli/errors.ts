/** An input error under --strict: the CLI exits with code 2. */
export class InputError extends Error {}
