import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { render, screen } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { base } from 'wagmi/chains'
import { fixtureResponse, type PaymentRequiredFixture } from '../../test/fixtures/loadFixtures.js'
import type { PaymentEvent } from '../core/session/types.js'
import { H402Provider } from '../react/H402Provider.js'
import { H402Paywall } from './H402Paywall.js'

const fixture = JSON.parse(
  readFileSync(
    join(
      import.meta.dirname,
      '../../test/fixtures/payment-required/valid-17-x402v2-multi-evm-and-solana.json',
    ),
    'utf8',
  ),
) as PaymentRequiredFixture

it('uncontrolled: <H402Paywall url> fetches through the provider and shows the 402, with events', async () => {
  const fetch = vi.fn(async () => fixtureResponse(fixture))
  const events: PaymentEvent['type'][] = []
  render(
    <H402Provider config={{ fetch, locale: 'es', chains: [base] }}>
      <H402Paywall
        url="https://api.example.com/weather"
        onEvent={(event) => events.push(event.type)}
      >
        <p>El informe</p>
      </H402Paywall>
    </H402Provider>,
  )
  expect(await screen.findByRole('radio', { name: '0,01 USDC en Base' })).toBeChecked()
  expect(screen.getByText('Weather report')).toBeVisible()
  expect(screen.getByRole('button', { name: 'Pagar 0,01 USDC' })).toBeDisabled()
  expect(screen.getByRole('group', { name: 'Conectar billetera' })).toBeVisible()
  expect(fetch).toHaveBeenCalledTimes(1)
  expect(events).toContain('payment-required')
  expect(screen.queryByText('El informe')).toBeNull()
})
