// For client tests: the ApiError a call rejects with (the test fails if it resolves or throws
// anything else), so its kind, message and hint can be checked.
import { expect } from 'vitest';
import { ApiError } from '../source/errors.js';

export async function expectApiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}
