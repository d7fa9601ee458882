import { describe, expect, test, vi } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockAccepts, mockServer } from '../../testing/mockServer.js'
import { PaymentSession } from './paymentSession.js'

// A page that can connect EVM wallets only (no Solana wallet support), offered a 402 whose first
// option is on Solana: that option must not be the one chosen, nor be payable.
const url = 'https://shop.example/article'
const solanaFirst = [
  {
    scheme: 'exact',
    network: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
    amount: '10000',
    asset: '4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU',
    payTo: '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM',
    maxTimeoutSeconds: 60,
    extra: { feePayer: 'EwWqGE4ZFKLofuestmU4LDdK7XM1N4ALgdZccwYugwGd' },
  },
  ...mockAccepts,
]

function sessionWith(
  connectable?: readonly string[],
  payers = [] as ReturnType<typeof mockPayer>[],
) {
  const payer = mockPayer()
  const connect = vi.fn(async () => payer)
  const server = mockServer({ accepts: solanaFirst })
  const session = new PaymentSession({
    input: url,
    fetch: server.fetch,
    payers,
    connect,
    ...(connectable ? { connectable: () => connectable } : {}),
  })
  return { session, connect, payer, server }
}

describe('connectable namespaces', () => {
  test('an option no wallet can be connected for is not payable, says why, and is not chosen', async () => {
    const { session } = sessionWith(['evm'])
    await session.start()
    const { options, selected } = session.getSnapshot()
    const solana = options.find((entry) => entry.option.network.namespace === 'solana')
    expect(solana).toMatchObject({
      eligible: false,
      reason: 'This page cannot connect a wallet for Solana Devnet.',
    })
    expect(options[0]?.option.network.namespace).toBe('evm')
    expect(selected?.network.namespace).toBe('evm')
  })

  test('paying it is refused before any wallet is asked', async () => {
    const { session, connect, server } = sessionWith(['evm'])
    await session.start()
    const solana = session
      .getSnapshot()
      .options.find((entry) => entry.option.network.namespace === 'solana')!
    session.select(solana.option.id)
    await session.pay()
    expect(connect).not.toHaveBeenCalled()
    expect(server.settled).toHaveLength(0)
    expect(session.getSnapshot().error).toMatchObject({
      code: 'policy_refused',
      details: 'This page cannot connect a wallet for Solana Devnet.',
    })
  })

  test('the EVM option connects and pays', async () => {
    const { session, connect, server } = sessionWith(['evm'])
    await session.start()
    await session.pay()
    expect(connect).toHaveBeenCalledWith('evm', expect.anything())
    expect(session.getSnapshot().status).toBe('settled')
    expect(server.settled).toHaveLength(1)
  })

  test('without the list every namespace can be connected: the server order stands', async () => {
    const { session } = sessionWith()
    await session.start()
    const { options, selected } = session.getSnapshot()
    expect(options.every((entry) => entry.eligible)).toBe(true)
    expect(selected?.network.namespace).toBe('solana')
  })

  test('a connected payer of a namespace not in the list still pays it', async () => {
    const solanaPayer = mockPayer({ namespace: 'solana' })
    const { session } = sessionWith(['evm'], [solanaPayer])
    await session.start()
    const solana = session
      .getSnapshot()
      .options.find((entry) => entry.option.network.namespace === 'solana')
    expect(solana?.eligible).toBe(true)
  })
})
