import { describe, expect, test } from 'vitest'
import { loadPaymentRequiredFixtures } from '../../test/fixtures/loadFixtures.js'
import { readInjectedPaywall } from './readInjectedPaywall.js'

const fixtures = loadPaymentRequiredFixtures()
const body = (name: string) =>
  fixtures.find((fixture) => fixture.file.startsWith(name))!.response.body as {
    accepts: Record<string, unknown>[]
  }
const x402V1 = body('valid-02-')
const x402V2 = body('valid-22-')
const h402 = body('valid-30-')

describe('readInjectedPaywall', () => {
  test('x402 v2: window.x402.paymentRequired, with the app name and logo', async () => {
    const read = await readInjectedPaywall({
      x402: { paymentRequired: x402V2, appName: ' Acme News ', appLogo: '/logo.svg' },
    })
    expect(read?.paymentRequired.protocol).toBe('x402-v2')
    expect(read?.paymentRequired.options.length).toBe(x402V2.accepts.length)
    expect(read).toMatchObject({ appName: 'Acme News', appLogo: '/logo.svg' })
  })

  test('x402 v1: window.x402.paymentRequirements, a list or one requirement', async () => {
    const list = await readInjectedPaywall({ x402: { paymentRequirements: x402V1.accepts } })
    const one = await readInjectedPaywall({ x402: { paymentRequirements: x402V1.accepts[0] } })
    for (const read of [list, one]) {
      expect(read?.paymentRequired.protocol).toBe('x402-v1')
      expect(read?.paymentRequired.options[0]?.amount).toBe(1000n)
      expect(read?.paymentRequired.options[0]?.network.id).toBe('eip155:84532')
    }
  })

  test('h402: window.h402.paymentRequirements', async () => {
    const read = await readInjectedPaywall({ h402: { paymentRequirements: h402.accepts } })
    expect(read?.paymentRequired.protocol).toBe('h402-v1')
    expect(read?.paymentRequired.options.length).toBe(h402.accepts.length)
    expect(read?.appName).toBeUndefined()
  })

  test('injected data gets the checks of a 402: a bad amount leaves the option unsupported', async () => {
    const [entry] = x402V1.accepts
    const read = await readInjectedPaywall({
      x402: { paymentRequirements: [{ ...entry, maxAmountRequired: '-5' }] },
    })
    expect(read?.paymentRequired.options[0]?.supported).toBe(false)
  })

  test('a logo is only a web address or a path', async () => {
    for (const appLogo of [
      'javascript:alert(1)',
      '//evil.example/x.png',
      'data:image/png;base64,AA',
    ]) {
      const read = await readInjectedPaywall({
        x402: { paymentRequirements: x402V1.accepts, appLogo },
      })
      expect(read?.appLogo).toBeUndefined()
    }
    const read = await readInjectedPaywall({
      x402: { paymentRequirements: x402V1.accepts, appLogo: 'https://cdn.example/logo.png' },
    })
    expect(read?.appLogo).toBe('https://cdn.example/logo.png')
  })

  test('nothing, or nothing usable, injected: undefined (the page reads the 402 itself)', async () => {
    expect(await readInjectedPaywall({})).toBeUndefined()
    expect(await readInjectedPaywall({ x402: 'nope' })).toBeUndefined()
    expect(await readInjectedPaywall({ x402: { paymentRequirements: [] } })).toBeUndefined()
    expect(await readInjectedPaywall({ h402: { paymentRequirements: 42 } })).toBeUndefined()
    expect(await readInjectedPaywall({ x402: { amount: 0.01 } })).toBeUndefined()
  })
})
