import { act, render, screen } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import { renderToReadableStream, renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { formatAmount } from '../../core/amount/formatAmount.js'
import { H402Context, type H402ContextValue } from '../../react/H402Context.js'
import { H402Paywall } from '../H402Paywall.js'
import { buildPayment, loadPaymentRequired } from '../test/buildPayment.js'
import { en } from './en.js'
import { es } from './es.js'
import { formatLocalizedAmount } from './formatLocalizedAmount.js'
import { zh } from './zh.js'

describe('formatLocalizedAmount', () => {
  it.each([
    ['1234567.000001', 'en', '1,234,567.000001'],
    ['1234567.000001', 'es', '1.234.567,000001'],
    ['1234567.000001', 'zh', '1,234,567.000001'],
    ['1234567.000001', 'de-CH', `1${"'"}234${"'"}567.000001`],
    ['0.01', 'es', '0,01'],
    ['12', 'en', '12'],
    ['-3.5', 'fr', '-3,5'],
    [
      '123456789012345678901234567890.000000000000000001',
      'en',
      '123,456,789,012,345,678,901,234,567,890.000000000000000001',
    ],
  ])('%s in %s is %s', (exact, locale, expected) => {
    expect(formatLocalizedAmount(exact, locale)).toBe(expected)
  })

  it('keeps every digit of an amount above 2^53 (never a float)', () => {
    const exact = formatAmount(10_000_000_000_000_001n, 6)
    expect(exact).toBe('10000000000.000001')
    expect(formatLocalizedAmount(exact, 'en')).toBe('10,000,000,000.000001')
    expect(formatLocalizedAmount(exact, 'es')).toBe('10.000.000.000,000001')
  })

  it('uses the locale digits for the fraction too', () => {
    expect(formatLocalizedAmount('1234.05', 'ar-EG')).toBe(
      new Intl.NumberFormat('ar-EG', { minimumFractionDigits: 2 }).format(1234.05),
    )
  })

  it('returns what is not a plain decimal as it is, and survives a bad locale', () => {
    expect(formatLocalizedAmount('1e5', 'en')).toBe('1e5')
    expect(formatLocalizedAmount('1000.5', 'not a locale!')).toBe('1,000.5')
  })
})

describe('catalogs', () => {
  it('Spanish and Chinese translate every English key, placeholders included', () => {
    for (const catalog of [es, zh]) {
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort())
      for (const [key, text] of Object.entries(en)) {
        const placeholders = (value: string) => (value.match(/\{\w+\}/g) ?? []).sort()
        expect(placeholders(catalog[key as keyof typeof en]), key).toEqual(placeholders(text))
      }
    }
  })
})

describe('the paywall in other languages', () => {
  it('Spanish: texts and amounts grouped the Spanish way', async () => {
    const paymentRequired = await loadPaymentRequired('valid-30')
    render(<H402Paywall payment={buildPayment({ paymentRequired })} locale="es-ES" />)
    // The Spanish catalog loads on demand: nothing in English shows while it does.
    expect(screen.queryByRole('button', { name: 'Pay 0.01 USDC' })).toBeNull()
    expect(await screen.findByRole('button', { name: 'Pagar 0,01 USDC' })).toBeEnabled()
    expect(screen.getByRole('radiogroup', { name: 'Pagar con' })).toBeVisible()
    expect(screen.getByRole('radio', { name: '0,01 USDC en Base' })).toBeChecked()
  })

  it('Chinese, from the provider settings; an amount above 2^53 keeps every digit', async () => {
    const paymentRequired = await loadPaymentRequired('valid-35')
    const settings = { locale: 'zh-CN' } as H402ContextValue['settings']
    render(
      <H402Context.Provider value={{ settings } as H402ContextValue}>
        <H402Paywall payment={buildPayment({ paymentRequired })} />
      </H402Context.Provider>,
    )
    const option = paymentRequired.options[0]!
    const exact = formatAmount(option.amount, option.asset.decimals!)
    const grouped = formatLocalizedAmount(exact, 'zh-CN')
    expect(grouped).toBe('0.010000000000000001')
    expect(
      await screen.findByRole('button', { name: `支付 ${grouped} ${option.asset.symbol}` }),
    ).toBeVisible()
  })

  it('messages override the catalog: props over the provider over the locale', async () => {
    const paymentRequired = await loadPaymentRequired('valid-30')
    const settings = {
      locale: 'es',
      messages: { 'pay.label': 'Desbloquear ({amount} {token})', 'options.label': 'Elige' },
    } as H402ContextValue['settings']
    render(
      <H402Context.Provider value={{ settings } as H402ContextValue}>
        <H402Paywall
          payment={buildPayment({ paymentRequired })}
          messages={{ 'options.label': 'Método de pago' }}
        />
      </H402Context.Provider>,
    )
    expect(await screen.findByRole('button', { name: 'Desbloquear (0,01 USDC)' })).toBeVisible()
    expect(screen.getByRole('radiogroup', { name: 'Método de pago' })).toBeVisible()
  })

  it('a catalog passed as messages renders at once, on the server too (renderToString)', async () => {
    const paymentRequired = await loadPaymentRequired('valid-30')
    const element = (
      <H402Paywall payment={buildPayment({ paymentRequired })} locale="zh" messages={zh} />
    )
    expect(renderToString(element)).toContain('支付 0.01 USDC')
    render(element)
    expect(screen.getByRole('button', { name: '支付 0.01 USDC' })).toBeEnabled()
  })

  it('a streamed server render waits for the catalog, and hydration keeps its language', async () => {
    const paymentRequired = await loadPaymentRequired('valid-30')
    const element = <H402Paywall payment={buildPayment({ paymentRequired })} locale="es" />
    const stream = await renderToReadableStream(element)
    await stream.allReady
    const html = await new Response(stream).text()
    expect(html).toContain('Pagar 0,01 USDC')
    expect(html).not.toContain('Pay 0.01 USDC')
    const container = document.createElement('div')
    container.innerHTML = html
    document.body.append(container)
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const recoverable = vi.fn()
    const root = await act(async () =>
      hydrateRoot(container, element, { onRecoverableError: recoverable }),
    )
    expect(await screen.findByRole('button', { name: 'Pagar 0,01 USDC' })).toBeEnabled()
    // The server and the client renderer share one React here (never in an app): React notes it.
    const sameProcess = /multiple renderers concurrently rendering the same context/
    expect(errors.mock.calls.filter((call) => !sameProcess.test(String(call[0])))).toEqual([])
    expect(recoverable).not.toHaveBeenCalled()
    errors.mockRestore()
    act(() => root.unmount())
    container.remove()
  })
})
