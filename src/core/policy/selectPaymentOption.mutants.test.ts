import { afterEach, describe, expect, test, vi } from 'vitest'
import type { PaymentOption } from '../types.js'
import { stablecoinCaps } from './paymentPolicy.js'
import { rankPaymentOptions, selectPaymentOption } from './selectPaymentOption.js'
import { baseUsdcOption } from './test/baseUsdcOption.js'

// Options the ranking cannot tell apart keep the server's order, so the one a server lists first is
// the one paid. Node's sort (V8's TimSort) only ever compares a later element with an earlier one,
// so a tie-break that gets the sign wrong for the other order goes unseen there; Firefox's sort
// (SpiderMonkey's insertion sort for short arrays) compares the earlier one first, and would
// reverse the tied options. The ranking is checked here under such a sort as well.

const option = baseUsdcOption

/** A stable insertion sort that calls `compare(earlier, later)`, as SpiderMonkey's does. */
function insertionSort<T>(this: T[], compare?: (a: T, b: T) => number): T[] {
  if (!compare) throw new Error('the ranking always sorts with its own comparator')
  for (let i = 1; i < this.length; i++) {
    const item = this[i] as T
    let j = i - 1
    for (; j >= 0; j--) {
      const before = this[j] as T
      if (compare(before, item) <= 0) break
      this[j + 1] = before
    }
    this[j + 1] = item
  }
  return this
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe("rankPaymentOptions: ties keep the server's order under any stable sort", () => {
  // Five eligible options: two covered by the balance, one of unknown balance, two not covered.
  const options = [
    option('a'),
    option('b', { amount: 1n }),
    option('c'),
    option('d', { amount: 2n }),
    option('e'),
  ]
  const balance = (o: PaymentOption) => (o.id === 'c' ? undefined : o.id === 'e' ? 0n : 5n)
  const expected = ['b', 'd', 'c', 'a', 'e']

  test("with Node's own sort", () => {
    expect(rankPaymentOptions(options, undefined, { balance }).map((e) => e.option.id)).toEqual(
      expected,
    )
  })

  test("with a sort that compares the earlier element first (Firefox's)", () => {
    vi.spyOn(Array.prototype, 'sort').mockImplementation(insertionSort as never)
    const ranked = rankPaymentOptions(options, undefined, { balance }).map((e) => e.option.id)
    const chosen = selectPaymentOption([option('x'), option('y'), option('z')], {
      caps: stablecoinCaps('1'),
    }).id
    vi.restoreAllMocks()
    expect(ranked).toEqual(expected)
    // With nothing to tell them apart, the first option the server lists is the one paid.
    expect(chosen).toBe('x')
  })
})
