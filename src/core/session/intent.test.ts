import { describe, expect, test } from 'vitest'
import { deadline } from './deadline.js'
import { Intent } from './intent.js'

describe('Intent', () => {
  test('cancel() aborts its signal and the deadlines it holds, with the reason', () => {
    const intent = new Intent()
    const signal = intent.signal
    const held = deadline(1_000, [])
    const released = deadline(1_000, [])
    intent.hold(held)
    intent.hold(released)
    intent.release(released)
    intent.cancel('reset')
    expect(intent.cancelled).toBe(true)
    expect(signal.reason).toBe('reset')
    expect(held.signal.reason).toBe('reset')
    expect(released.signal.aborted).toBe(false)
    held.clear()
    released.clear()
  })

  test('a signal or a deadline that comes after the cancel is aborted at once', () => {
    const intent = new Intent()
    intent.cancel('dispose')
    expect(intent.signal.reason).toBe('dispose')
    const late = deadline(1_000, [])
    intent.hold(late)
    expect(late.signal.reason).toBe('dispose')
    late.clear()
  })

  test('a second cancel keeps the first reason', () => {
    const intent = new Intent()
    intent.cancel('first')
    intent.cancel('second')
    expect(intent.signal.reason).toBe('first')
  })

  test('revive() gives a signal that is not aborted; the old one stays aborted', () => {
    const intent = new Intent()
    const old = intent.signal
    intent.cancel('reset')
    intent.revive()
    expect(intent.cancelled).toBe(false)
    expect(old.aborted).toBe(true)
    expect(intent.signal.aborted).toBe(false)
    const held = deadline(1_000, [])
    intent.hold(held)
    expect(held.signal.aborted).toBe(false)
    held.clear()
  })
})
