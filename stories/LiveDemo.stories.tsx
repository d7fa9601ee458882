import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect } from 'storybook/test'
import { devnetRequired } from '../demo/devnet/devnetInfo.js'
import '../src/styles/styles.css'
import { LiveDemo } from './support/LiveDemo.js'
import { type LiveLoaded, loadLive } from './support/liveLoaders.js'
import {
  forgedPaymentRefusal,
  forgedSolanaPaymentRefusal,
  MOCK_WALLET_NAME,
} from './support/mockDevnet.js'
import { payLikeAPerson } from './support/payLikeAPerson.js'

/**
 * The real `<H402Paywall>` paying the devnet's demo routes for real, with the development wallets
 * ("h402 Dev Wallet (devnet key)", icon DEV): connect it, pay, and the receipt and the paid
 * content appear. One story per dialect and chain, and the multi-option routes. Needs `npm start`;
 * a static build shows how to start the devnet instead.
 */
const meta = {
  title: 'Demo/Live demo',
  component: LiveDemo,
  parameters: { layout: 'padded' },
  loaders: [loadLive],
  args: { devnet: undefined, path: '/x402v2/multi', variant: 'inline' },
  argTypes: {
    devnet: { table: { disable: true } },
    mocked: { table: { disable: true } },
    variant: { control: 'inline-radio', options: ['inline', 'modal'] },
    theme: { control: 'inline-radio', options: ['system', 'light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es', 'zh'] },
  },
  render: (args, { loaded }) => {
    const { devnet, mocked } = loaded as LiveLoaded
    return <LiveDemo {...args} devnet={devnet} mocked={mocked} />
  },
} satisfies Meta<typeof LiveDemo>

export default meta
type Story = StoryObj<typeof meta>

/** Start here: USDC on the EVM chain or on Solana (x402 v2). Pick one, connect, pay. */
export const PayOnEvmOrSolana: Story = {
  name: 'Pay on EVM or Solana (x402 v2)',
  args: { path: '/x402v2/multi' },
  play: payLikeAPerson({ option: /USDC on Solana Devnet/ }),
}

/** h402 with five options: USDC, USDT or ETH on the EVM chain, SOL or USDC on Solana. */
export const H402Multi: Story = {
  name: 'h402, five options',
  args: { path: '/h402/multi' },
  play: payLikeAPerson({ option: /ETH on Hardhat/ }),
}

/** x402 v1, EVM: a USDC transfer authorization (EIP-3009), settled by the facilitator. */
export const X402v1EvmUsdc: Story = {
  name: 'x402 v1 · EVM · USDC',
  args: { path: '/x402v1/evm/usdc' },
  play: payLikeAPerson(),
}

/** x402 v2, EVM: the same authorization in v2's headers. */
export const X402v2EvmUsdc: Story = {
  name: 'x402 v2 · EVM · USDC',
  args: { path: '/x402v2/evm/usdc' },
  play: payLikeAPerson(),
}

/** h402, EVM: USDC by authorization. */
export const H402EvmUsdc: Story = {
  name: 'h402 · EVM · USDC',
  args: { path: '/h402/evm/usdc' },
  play: payLikeAPerson(),
}

/** h402, EVM: USDT (18 decimals), paid by a transaction the wallet sends. */
export const H402EvmUsdt: Story = {
  name: 'h402 · EVM · USDT',
  args: { path: '/h402/evm/usdt' },
  play: payLikeAPerson(),
}

/** h402, EVM: native ETH, paid by a transaction. */
export const H402EvmEth: Story = {
  name: 'h402 · EVM · ETH',
  args: { path: '/h402/evm/eth' },
  play: payLikeAPerson(),
}

/** x402 v1, Solana: a USDC transfer the facilitator co-signs as fee payer. */
export const X402v1SolanaUsdc: Story = {
  name: 'x402 v1 · Solana · USDC',
  args: { path: '/x402v1/solana/usdc' },
  play: payLikeAPerson(),
}

/** x402 v2, Solana: USDC. */
export const X402v2SolanaUsdc: Story = {
  name: 'x402 v2 · Solana · USDC',
  args: { path: '/x402v2/solana/usdc' },
  play: payLikeAPerson(),
}

/** h402, Solana: native SOL. */
export const H402SolanaSol: Story = {
  name: 'h402 · Solana · SOL',
  args: { path: '/h402/solana/sol' },
  play: payLikeAPerson(),
}

/** h402, Solana: USDC. */
export const H402SolanaUsdc: Story = {
  name: 'h402 · Solana · USDC',
  args: { path: '/h402/solana/usdc' },
  play: payLikeAPerson(),
}

/** The modal variant: "Unlock for …" opens the paywall in a dialog. */
export const Modal: Story = {
  name: 'Modal · x402 v2 · EVM · USDC',
  args: { path: '/x402v2/evm/usdc', variant: 'modal' },
  play: payLikeAPerson({ modal: true }),
}

/**
 * What a static build shows for `/x402v2/evm/usdc`: MSW plays the demo server and verifies the
 * EIP-3009 signature of a development wallet with a throwaway key; nothing moves on chain.
 */
export const WithoutDevnet: Story = {
  name: 'Without a devnet (MSW verifies the signature)',
  args: { path: '/x402v2/evm/usdc' },
  parameters: { h402Mock: true },
  play: async (context) => {
    await payLikeAPerson({ walletName: MOCK_WALLET_NAME })(context)
    if (!devnetRequired()) return
    await context.step('a forged signature is refused', async () => {
      await expect(await forgedPaymentRefusal()).toBe('invalid_exact_evm_payload_signature')
    })
  },
}

/** The same without a devnet, in x402 v1 (`X-PAYMENT`). */
export const WithoutDevnetV1: Story = {
  name: 'Without a devnet, x402 v1 (MSW)',
  args: { path: '/x402v1/evm/usdc' },
  parameters: { h402Mock: true },
  play: payLikeAPerson({ walletName: MOCK_WALLET_NAME }),
}

/** h402 on EVM without a devnet: MSW verifies the EIP-3009 authorization like the x402 mock. */
export const WithoutDevnetH402Evm: Story = {
  name: 'Without a devnet, h402 · EVM · USDC (MSW)',
  args: { path: '/h402/evm/usdc' },
  parameters: { h402Mock: true },
  play: payLikeAPerson({ walletName: MOCK_WALLET_NAME }),
}

/**
 * x402 v2 on Solana without a devnet: a wallet-standard development wallet with a throwaway key
 * signs; MSW deserializes the transaction, checks its transfer and verifies the payer's ed25519
 * signature, and refuses a forged one.
 */
export const WithoutDevnetSolana: Story = {
  name: 'Without a devnet, x402 v2 · Solana · USDC (MSW)',
  args: { path: '/x402v2/solana/usdc' },
  parameters: { h402Mock: true },
  play: async (context) => {
    await payLikeAPerson({ walletName: MOCK_WALLET_NAME })(context)
    if (!devnetRequired()) return
    await context.step('a forged signature is refused', async () => {
      await expect(await forgedSolanaPaymentRefusal()).toBe(
        'invalid_exact_svm_payload_transaction_signature',
      )
    })
  },
}

/** h402 on Solana without a devnet: a fully signed SOL transfer, verified by MSW. */
export const WithoutDevnetH402Solana: Story = {
  name: 'Without a devnet, h402 · Solana · SOL (MSW)',
  args: { path: '/h402/solana/sol' },
  parameters: { h402Mock: true },
  play: payLikeAPerson({ walletName: MOCK_WALLET_NAME }),
}

/** h402 on Solana without a devnet: USDC. */
export const WithoutDevnetH402SolanaUsdc: Story = {
  name: 'Without a devnet, h402 · Solana · USDC (MSW)',
  args: { path: '/h402/solana/usdc' },
  parameters: { h402Mock: true },
  play: payLikeAPerson({ walletName: MOCK_WALLET_NAME }),
}
