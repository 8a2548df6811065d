import OpenAI, { APIError } from 'openai';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../../fixtures/fake-openai';

/** One fake server and an SDK client for a test file, emptied after each test. */
export function useFake(): { readonly fake: FakeOpenAi; readonly client: OpenAI } {
  const holder = {} as { fake: FakeOpenAi; client: OpenAI };
  beforeAll(async () => {
    holder.fake = await startFakeOpenAi();
    holder.client = new OpenAI({ baseURL: holder.fake.url, apiKey: 'sk-test-rules', maxRetries: 0 });
  });
  afterEach(() => holder.fake.reset());
  afterAll(() => holder.fake.close());
  return holder;
}

export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

export interface ExpectedRefusal {
  status: number;
  code: string | null;
  param: string | null;
  /** The whole message, or the words it must contain. */
  message: string | RegExp;
}

/** The SDK's error for a refused request, checked field by field against what api.openai.com sends. */
export async function expectRefusal(promise: Promise<unknown>, expected: ExpectedRefusal): Promise<APIError> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(APIError);
  const apiError = error as APIError;
  expect({ status: apiError.status, type: apiError.type, code: apiError.code ?? null, param: apiError.param ?? null }).toEqual({
    status: expected.status,
    type: 'invalid_request_error',
    code: expected.code,
    param: expected.param,
  });
  const message = (apiError.error as { message?: string } | undefined)?.message;
  if (typeof expected.message === 'string') expect(message).toBe(expected.message);
  else expect(message).toMatch(expected.message);
  return apiError;
}
