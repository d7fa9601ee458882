import { HttpResponse, http } from 'msw'
import { afterAll, describe, expect, it } from 'vitest'
import { startMockWorker } from './startMockWorker.js'

describe('startMockWorker in Chromium', () => {
  afterAll(async () => (await startMockWorker()).stop())

  it('answers with the current handlers and lets other requests through', async () => {
    await startMockWorker(http.get('http://127.0.0.1:9/first', () => HttpResponse.json({ n: 1 })))
    expect(await (await fetch('http://127.0.0.1:9/first')).json()).toEqual({ n: 1 })

    // The next story's handlers replace the previous ones.
    await startMockWorker(
      http.get('http://127.0.0.1:9/second', () => new HttpResponse(null, { status: 402 })),
    )
    expect((await fetch('http://127.0.0.1:9/second')).status).toBe(402)
    await expect(fetch('http://127.0.0.1:9/first')).rejects.toThrow()
  })
})
