// @vitest-environment jsdom
/**
 * The option chooser of the real `<H402Paywall>` on a 402 offering five ways to pay (h402: EVM
 * USDC, USDT and ETH; Solana SOL and USDC), with only an EVM wallet: the wallet's options first,
 * one of them chosen already; a person's choice is what the Pay button names, and what is signed and
 * moved is exactly that option (the amount shown and the amount paid come from the same option).
 */
import { cleanup, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { type Address, createPublicClient, erc20Abi, http } from 'viem'
import { afterEach, expect, test, vi } from 'vitest'
import { H402Paywall, type H402Receipt } from '../../src/index.js'
import { chain, evm, renderWithProvider, requestCounts, uniqueUrl, usdcBalance } from './harness.js'

afterEach(cleanup)

const client = createPublicClient({ chain, transport: http(evm.rpcUrl) })
const usdtBalance = (owner: Address) =>
  client.readContract({
    address: evm.usdt,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [owner],
  })

test("the wallet's options first and one chosen; a person's choice is the one named on Pay, signed and paid", async () => {
  // Hardhat account 9 (a devnet dev account, unlocked in the node): it holds USDT and USDC.
  const account = evm.devAccounts[6]!.address as Address
  const url = uniqueUrl('/h402/multi')
  const beforeUsdc = await usdcBalance(account)
  const beforeUsdt = await usdtBalance(account)
  const onSettled = vi.fn<(receipt: H402Receipt) => void>()
  const user = userEvent.setup()
  renderWithProvider(
    <H402Paywall url={url} onSettled={onSettled}>
      <p data-testid="content">paid content</p>
    </H402Paywall>,
    account,
  )
  await user.click(
    await screen.findByRole('button', { name: /Mock Connector/ }, { timeout: 10_000 }),
  )
  const usdt = await screen.findByRole('radio', { name: /USDT/ }, { timeout: 10_000 })
  await waitFor(() => expect((usdt as HTMLInputElement).disabled).toBe(false), { timeout: 10_000 })
  // Every option is listed, those of the connected wallet's chain first, and the best one for
  // this wallet is chosen already: an EVM one, not USDT.
  const radios = screen.getAllByRole('radio')
  expect(radios).toHaveLength(5)
  const names = radios.map((radio) => radio.closest('label')?.textContent ?? '')
  expect(names.slice(3).every((name) => /Solana/.test(name))).toBe(true)
  const checked = radios.filter((radio) => (radio as HTMLInputElement).checked)
  expect(checked).toHaveLength(1)
  expect(radios.indexOf(checked[0]!)).toBeLessThan(3)
  expect((usdt as HTMLInputElement).checked).toBe(false)

  await user.click(usdt)
  const pay = await screen.findByRole('button', { name: /^Pay 0\.01 USDT$/ }, { timeout: 10_000 })
  await waitFor(() => expect((pay as HTMLButtonElement).disabled).toBe(false), { timeout: 10_000 })
  await user.click(pay)

  await screen.findByTestId('content', {}, { timeout: 30_000 })
  expect(onSettled).toHaveBeenCalledTimes(1)
  const receipt = onSettled.mock.calls[0]![0]
  expect(receipt.asset.symbol).toBe('USDT')
  expect(receipt.amount).toBe(10n ** 16n)
  expect(beforeUsdt - (await usdtBalance(account))).toBe(10n ** 16n)
  expect(await usdcBalance(account)).toBe(beforeUsdc)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
})
