// @vitest-environment jsdom
import { expect, test } from 'vitest'
import { showPaidResponse } from './showPaidResponse.js'

function target() {
  const assigned: string[] = []
  const blobs: Blob[] = []
  return {
    assigned,
    blobs,
    document,
    location: { assign: (url: string) => void assigned.push(url) },
    URL: {
      createObjectURL: (blob: Blob) => {
        blobs.push(blob)
        return `blob:test/${blobs.length}`
      },
    },
  }
}

test('an HTML page replaces the paywall page', async () => {
  document.body.innerHTML = '<main>Paywall</main>'
  const into = target()
  await showPaidResponse(
    new Response('<!doctype html><title>Report</title><p id="paid">The paid report</p>', {
      headers: { 'content-type': 'text/html; charset=utf-8' },
    }),
    into,
  )
  expect(document.getElementById('paid')?.textContent).toBe('The paid report')
  expect(document.body.textContent).not.toContain('Paywall')
  expect(into.assigned).toEqual([])
})

test('anything else opens as a file, with its bytes and type', async () => {
  const into = target()
  await showPaidResponse(
    new Response('{"paid":true}', { headers: { 'content-type': 'application/json' } }),
    into,
  )
  expect(into.assigned).toEqual(['blob:test/1'])
  expect(into.blobs[0]?.type).toBe('application/json')
  expect(await into.blobs[0]?.text()).toBe('{"paid":true}')
})
