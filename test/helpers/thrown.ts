import { DistsyncError } from '../../src/core/errors.js';

/** The DistsyncError f throws; fails the test when f returns or throws something else. */
export function thrown(f: () => unknown): DistsyncError {
  try {
    f();
  } catch (e) {
    if (e instanceof DistsyncError) return e;
    throw e;
  }
  throw new Error('no error');
}
