import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import '../src/styles/styles.css'
import { InvalidPaymentRequiredError } from '../src/core/errors/parse.js'
import {
  CrossOriginRedirectError,
  NetworkRequestError,
  OutcomeUnknownError,
  PaidNotDeliveredError,
  PaymentNotSettledError,
  PaymentRejectedError,
  QuoteExpiredError,
  RequestAbortedError,
  RequestTimeoutError,
  SettlementFailedError,
  TransactionRevertedError,
} from '../src/core/errors/payment.js'
import {
  NoPayableOptionError,
  PolicyViolationError,
  UnsupportedOptionError,
} from '../src/core/errors/policy.js'
import {
  InsufficientFundsError,
  UnsupportedWalletError,
  UserRejectedError,
  WalletNotConnectedError,
  WrongNetworkError,
} from '../src/core/errors/wallet.js'
import type { PaymentOption } from '../src/core/types.js'
import { RecipientCannotReceiveError, TransactionModifiedError } from '../src/solana/errors.js'
import { loadFixture, PinnedPaywall } from './support/PinnedPaywall.js'
import { EVM_TRANSACTION, SOLANA_TRANSACTION } from './support/pinnedPayment.js'

/**
 * Every status of the paywall, pinned through `<H402Paywall payment={…}>`: no devnet, no wallet.
 * The options come from real 402 fixtures parsed by the engine. EVM: x402 v2, 0.001 USDC on
 * Base Sepolia; Solana: x402 v1, 0.005 USDC on Solana Devnet.
 */
const meta = {
  title: 'Paywall/States',
  component: PinnedPaywall,
  parameters: { layout: 'padded' },
  loaders: [loadFixture],
  args: { fixture: 'x402v2-evm', pin: {}, variant: 'inline' },
  argTypes: {
    fixture: { control: 'select' },
    variant: { control: 'inline-radio', options: ['inline', 'modal'] },
    theme: { control: 'inline-radio', options: ['system', 'light', 'dark'] },
    paymentRequired: { table: { disable: true } },
  },
  render: (args, { loaded }) => (
    <PinnedPaywall {...args} paymentRequired={(loaded as PinnedPaywallLoaded).paymentRequired} />
  ),
} satisfies Meta<typeof PinnedPaywall>

export default meta
type Story = StoryObj<typeof meta>
type PinnedPaywallLoaded = Awaited<ReturnType<typeof loadFixture>>

const EVM = { fixture: 'x402v2-evm' } as const
const SOLANA = { fixture: 'x402v1-solana' } as const
const EVM_PRICE = '0.001 USDC'
const SOLANA_PRICE = '0.005 USDC'

/** The polite live region that announces progress. */
function announced(canvasElement: HTMLElement): HTMLElement {
  const live = canvasElement.querySelector<HTMLElement>('[aria-live="polite"]')
  if (!live) throw new Error('No live region')
  return live
}

/* ---------------------------------------------------------------- loading */

export const Idle: Story = {
  args: { ...EVM, pin: { status: 'idle' } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Loading the price…')).toBeVisible()
    await expect(canvas.queryByRole('button', { name: /^Pay/ })).toBeNull()
  },
}

export const Loading: Story = {
  args: { ...EVM, pin: { status: 'fetching' } },
  play: async ({ canvas }) => {
    await expect(canvas.getAllByText('Loading the price…')[0]).toBeVisible()
    await expect(canvas.queryByRole('radiogroup')).toBeNull()
  },
}

/* ---------------------------------------------------------------- choosing */

export const ChoosingEvm: Story = {
  name: 'Choosing · EVM',
  args: { ...EVM, pin: { status: 'payment-required', wallet: 'disconnected' } },
  play: async ({ canvas }) => {
    const options = canvas.getByRole('radiogroup', { name: 'Pay with' })
    await expect(
      within(options).getByRole('radio', { name: `${EVM_PRICE} on Base Sepolia` }),
    ).toBeChecked()
    const connect = canvas.getByRole('group', { name: 'Connect wallet' })
    await expect(within(connect).getByRole('button', { name: 'MetaMask' })).toBeEnabled()
    const pay = canvas.getByRole('button', { name: `Pay ${EVM_PRICE}` })
    await expect(pay).toBeDisabled()
    await expect(pay).toHaveAccessibleDescription('Connect a wallet to pay.')
  },
}

export const ChoosingSolana: Story = {
  name: 'Choosing · Solana',
  args: { ...SOLANA, pin: { status: 'payment-required', wallet: 'disconnected' } },
  play: async ({ canvas }) => {
    await expect(
      canvas.getByRole('radio', { name: `${SOLANA_PRICE} on Solana Devnet` }),
    ).toBeChecked()
    const connect = canvas.getByRole('group', { name: 'Connect wallet' })
    await expect(within(connect).getByRole('button', { name: 'Phantom' })).toBeEnabled()
    await expect(canvas.getByRole('button', { name: `Pay ${SOLANA_PRICE}` })).toBeDisabled()
  },
}

/** Several options on EVM chains and Solana: a radio group, affordable ones first. */
export const ChoosingMultiOption: Story = {
  name: 'Choosing · several options',
  args: { fixture: 'x402v2-multi', pin: { status: 'payment-required', wallet: 'disconnected' } },
  play: async ({ canvas }) => {
    const radios = within(canvas.getByRole('radiogroup', { name: 'Pay with' })).getAllByRole(
      'radio',
    )
    await expect(radios.length).toBeGreaterThan(1)
    await userEvent.click(radios[1] as HTMLElement)
  },
}

export const NoWalletEvm: Story = {
  name: 'No wallet · EVM',
  args: { ...EVM, pin: { status: 'payment-required', wallet: 'none' } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('No wallet found')).toBeVisible()
    await expect(canvas.getByText(/Install a browser wallet for Base Sepolia/)).toBeVisible()
  },
}

export const NoWalletSolana: Story = {
  name: 'No wallet · Solana',
  args: { ...SOLANA, pin: { status: 'payment-required', wallet: 'none' } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('No wallet found')).toBeVisible()
    await expect(canvas.getByText(/Install a browser wallet for Solana Devnet/)).toBeVisible()
  },
}

export const ConnectingEvm: Story = {
  name: 'Connecting · EVM',
  args: { ...EVM, pin: { status: 'connecting', wallet: 'connecting' } },
  play: async ({ canvas, canvasElement }) => {
    await expect(announced(canvasElement)).toHaveTextContent('Connecting your wallet…')
    await expect(canvas.getByRole('button', { name: 'MetaMask' })).toBeDisabled()
  },
}

export const ConnectingSolana: Story = {
  name: 'Connecting · Solana',
  args: { ...SOLANA, pin: { status: 'connecting', wallet: 'connecting' } },
  play: async ({ canvas, canvasElement }) => {
    await expect(announced(canvasElement)).toHaveTextContent('Connecting your wallet…')
    await expect(canvas.getByRole('button', { name: 'Phantom' })).toBeDisabled()
  },
}

/** The wallet is on Ethereum mainnet: paying switches it first, and the button says so. */
export const WrongNetwork: Story = {
  name: 'Wrong network · EVM',
  args: { ...EVM, pin: { status: 'selecting', chainId: 1, expiresInSeconds: 55 } },
  play: async ({ canvas }) => {
    const pay = canvas.getByRole('button', { name: `Pay ${EVM_PRICE}` })
    await expect(pay).toBeEnabled()
    await expect(pay).toHaveAccessibleDescription(/it will switch to Base Sepolia when you pay/)
  },
}

export const InsufficientFundsEvm: Story = {
  name: 'Insufficient funds · EVM',
  args: { ...EVM, pin: { status: 'selecting', balances: { 0: 400n }, expiresInSeconds: 55 } },
  play: async ({ canvas }) => {
    await expect(
      canvas.getAllByText('You need 0.0006 more USDC on Base Sepolia to pay.')[0],
    ).toBeVisible()
    await expect(canvas.getByRole('button', { name: `Pay ${EVM_PRICE}` })).toBeDisabled()
  },
}

export const InsufficientFundsSolana: Story = {
  name: 'Insufficient funds · Solana',
  args: { ...SOLANA, pin: { status: 'selecting', balances: { 0: 1000n }, expiresInSeconds: 55 } },
  play: async ({ canvas }) => {
    await expect(
      canvas.getAllByText('You need 0.004 more USDC on Solana Devnet to pay.')[0],
    ).toBeVisible()
    await expect(canvas.getByRole('button', { name: `Pay ${SOLANA_PRICE}` })).toBeDisabled()
  },
}

/** Connected, ready: the consent shows what is signed, and how long the price holds. */
export const ConfirmingEvm: Story = {
  name: 'Confirming · EVM',
  args: {
    ...EVM,
    pin: { status: 'selecting', balances: { 0: 25_000_000n }, expiresInSeconds: 55 },
  },
  play: async ({ canvas }) => {
    const consent = canvas.getByRole('region', { name: 'You are about to pay' })
    await expect(within(consent).getByText(EVM_PRICE)).toBeVisible()
    await expect(within(consent).getByText('Base Sepolia')).toBeVisible()
    await expect(within(consent).getByRole('timer')).toHaveTextContent(/Price valid for 0:\d\d/)
    await expect(canvas.getByText(/Connected with MetaMask/)).toBeVisible()
    await expect(canvas.getByRole('button', { name: `Pay ${EVM_PRICE}` })).toBeEnabled()
  },
}

export const ConfirmingSolana: Story = {
  name: 'Confirming · Solana',
  args: {
    ...SOLANA,
    pin: { status: 'selecting', balances: { 0: 12_500_000n }, expiresInSeconds: 55 },
  },
  play: async ({ canvas }) => {
    const consent = canvas.getByRole('region', { name: 'You are about to pay' })
    await expect(within(consent).getByText(SOLANA_PRICE)).toBeVisible()
    await expect(within(consent).getByText('Solana Devnet')).toBeVisible()
    await expect(within(consent).getByRole('timer')).toHaveTextContent(/Price valid for 0:\d\d/)
    await expect(canvas.getByText(/Connected with Phantom/)).toBeVisible()
  },
}

/** The quote expired before Pay: it is never signed, "Get a new price" fetches it again. */
export const QuoteExpired: Story = {
  name: 'Quote expired · EVM',
  args: { ...EVM, pin: { status: 'selecting', expiresInSeconds: -5 } },
  play: async ({ canvas }) => {
    await expect(
      canvas.getByText('This price quote expired. Get a new one before paying.'),
    ).toBeVisible()
    await expect(canvas.getByRole('button', { name: `Pay ${EVM_PRICE}` })).toBeDisabled()
    await expect(canvas.getByRole('button', { name: 'Get a new price' })).toBeEnabled()
  },
}

/* ---------------------------------------------------------------- paying */

export const SigningEvm: Story = {
  name: 'Signing · EVM',
  args: { ...EVM, pin: { status: 'signing', step: 'signing', expiresInSeconds: 50 } },
  play: async ({ canvas, canvasElement }) => {
    await expect(announced(canvasElement)).toHaveTextContent('Confirm the payment in your wallet.')
    await expect(canvas.getByRole('button', { name: `Pay ${EVM_PRICE}` })).toBeDisabled()
    await expect(canvas.getByRole('listitem', { current: 'step' })).toBeVisible()
  },
}

export const SigningSolana: Story = {
  name: 'Signing · Solana',
  args: { ...SOLANA, pin: { status: 'signing', step: 'signing', expiresInSeconds: 50 } },
  play: async ({ canvasElement }) => {
    await expect(announced(canvasElement)).toHaveTextContent('Confirm the payment in your wallet.')
  },
}

/** A wallet that sends the transaction itself (h402 on Solana): broadcasting. */
export const BroadcastingSolana: Story = {
  name: 'Broadcasting · Solana',
  args: {
    fixture: 'h402-solana',
    pin: { status: 'signing', step: 'broadcasting', expiresInSeconds: 45 },
  },
  play: async ({ canvasElement }) => {
    await expect(announced(canvasElement)).toHaveTextContent('Sending the transaction…')
  },
}

export const ConfirmingOnChainEvm: Story = {
  name: 'Confirming on the network · EVM',
  args: {
    fixture: 'h402-evm',
    pin: { status: 'signing', step: 'confirming', expiresInSeconds: 40 },
  },
  play: async ({ canvasElement }) => {
    await expect(announced(canvasElement)).toHaveTextContent('Waiting for the network to confirm…')
  },
}

export const SubmittingEvm: Story = {
  name: 'Submitting · EVM',
  args: { ...EVM, pin: { status: 'submitting', signed: false, expiresInSeconds: 40 } },
  play: async ({ canvasElement }) => {
    await expect(announced(canvasElement)).toHaveTextContent('The server is verifying the payment…')
  },
}

export const SubmittingSolana: Story = {
  name: 'Submitting · Solana',
  args: { ...SOLANA, pin: { status: 'submitting', expiresInSeconds: 40 } },
  play: async ({ canvasElement }) => {
    await expect(announced(canvasElement)).toHaveTextContent('The server is verifying the payment…')
  },
}

/* ---------------------------------------------------------------- paid */

export const SettledEvm: Story = {
  name: 'Settled with receipt · EVM',
  args: { ...EVM, pin: { status: 'settled' } },
  play: async ({ canvas }) => {
    const receipt = canvas.getByRole('region', { name: `Paid ${EVM_PRICE} on Base Sepolia` })
    const link = within(receipt).getByRole('link', { name: /View transaction 0xabc1…f456/ })
    await expect(link).toHaveAttribute('href', `https://sepolia.basescan.org/tx/${EVM_TRANSACTION}`)
    await expect(canvas.getByRole('article', { name: 'Paid content' })).toBeVisible()
    await expect(canvas.queryByRole('button', { name: /^Pay/ })).toBeNull()
  },
}

export const SettledSolana: Story = {
  name: 'Settled with receipt · Solana',
  args: { ...SOLANA, pin: { status: 'settled' } },
  play: async ({ canvas }) => {
    const receipt = canvas.getByRole('region', { name: `Paid ${SOLANA_PRICE} on Solana Devnet` })
    await expect(within(receipt).getByRole('link', { name: /View transaction/ })).toHaveAttribute(
      'href',
      `https://explorer.solana.com/tx/${SOLANA_TRANSACTION}?cluster=devnet`,
    )
    await expect(canvas.getByRole('article', { name: 'Paid content' })).toBeVisible()
  },
}

/* ---------------------------------------------------------------- outcome unknown */

export const OutcomeUnknownEvm: Story = {
  name: 'Outcome unknown · EVM',
  args: {
    ...EVM,
    pin: {
      status: 'outcome-unknown',
      signed: true,
      error: new OutcomeUnknownError({ transaction: EVM_TRANSACTION }),
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('The payment may have gone through')).toBeVisible()
    await expect(canvas.queryByRole('button', { name: /^Pay/ })).toBeNull()
    await expect(canvas.getByRole('button', { name: 'Check payment' })).toBeEnabled()
  },
}

export const OutcomeUnknownSolana: Story = {
  name: 'Outcome unknown · Solana',
  args: {
    ...SOLANA,
    pin: { status: 'outcome-unknown', signed: true, error: new OutcomeUnknownError({}) },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('The payment may have gone through')).toBeVisible()
    await userEvent.click(canvas.getByRole('button', { name: 'Start a new payment' }))
    const confirm = canvas.getByRole('group', { name: 'Pay again?' })
    await expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus()
  },
}

export const OutcomeCheckedPaid: Story = {
  name: 'Outcome unknown, checked: paid',
  args: {
    ...EVM,
    pin: {
      status: 'outcome-unknown',
      signed: true,
      error: new OutcomeUnknownError({}),
      reconciliation: { status: 'paid', at: 0, transaction: EVM_TRANSACTION },
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('The payment went through.')).toBeVisible()
  },
}

/* ---------------------------------------------------------------- typed errors */

export const ErrorUserRejected: Story = {
  name: 'Error · declined in the wallet',
  args: {
    ...EVM,
    pin: { status: 'payment-required', error: new UserRejectedError(), expiresInSeconds: 50 },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/You declined the request in your wallet/)).toBeVisible()
    await expect(canvas.getByRole('button', { name: `Pay ${EVM_PRICE}` })).toBeEnabled()
  },
}

export const ErrorWrongNetwork: Story = {
  name: 'Error · wrong network',
  args: {
    ...EVM,
    pin: {
      status: 'failed',
      chainId: 1,
      error: new WrongNetworkError({ expected: 'Base Sepolia', actual: 'Ethereum' }),
    },
  },
  play: async ({ canvas }) => {
    await expect(
      canvas.getByRole('button', { name: 'Switch network' }),
    ).toHaveAccessibleDescription(
      'Your wallet will switch to Base Sepolia, then ask you to confirm.',
    )
  },
}

export const ErrorInsufficientFunds: Story = {
  name: 'Error · insufficient funds',
  args: {
    ...SOLANA,
    pin: {
      status: 'failed',
      balances: { 0: 1000n },
      error: new InsufficientFundsError({ required: 5000n, available: 1000n, symbol: 'USDC' }),
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'I added funds, try again' })).toBeEnabled()
  },
}

export const ErrorWalletNotConnected: Story = {
  name: 'Error · wallet not connected',
  args: {
    ...SOLANA,
    pin: { status: 'failed', error: new WalletNotConnectedError({ namespace: 'solana' }) },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Reconnect wallet' })).toBeEnabled()
  },
}

export const ErrorNetwork: Story = {
  name: 'Error · server unreachable',
  args: { ...EVM, pin: { status: 'failed', error: new NetworkRequestError({}) } },
  play: async ({ canvas }) => {
    await expect(canvas.getAllByText('The server could not be reached.')[0]).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled()
  },
}

export const ErrorQuoteExpired: Story = {
  name: 'Error · quote expired',
  args: { ...EVM, pin: { status: 'failed', error: new QuoteExpiredError() } },
  play: async ({ canvas }) => {
    await expect(canvas.getAllByText(/The price quote expired/)[0]).toBeVisible()
  },
}

export const ErrorPaymentRejected: Story = {
  name: 'Error · refused by the server',
  args: {
    fixture: 'x402v2-multi',
    pin: {
      status: 'failed',
      signed: true,
      error: new PaymentRejectedError({
        status: 402,
        reason: 'invalid_exact_evm_payload_signature',
      }),
    },
  },
  play: async ({ canvas }) => {
    await expect(
      canvas.getByText('The server said: invalid_exact_evm_payload_signature'),
    ).toBeVisible()
    await expect(canvas.queryByRole('button', { name: /^Pay/ })).toBeNull()
    await expect(canvas.getByRole('button', { name: 'Choose another option' })).toBeEnabled()
  },
}

export const ErrorTransactionReverted: Story = {
  name: 'Error · transaction reverted',
  args: {
    fixture: 'h402-evm',
    pin: {
      status: 'failed',
      signed: true,
      error: new TransactionRevertedError({ transaction: EVM_TRANSACTION }),
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getAllByText(/failed on the network|failed on chain/)[0]).toBeVisible()
  },
}

export const ErrorPaidNotDelivered: Story = {
  name: 'Error · paid, not delivered',
  args: {
    ...SOLANA,
    pin: {
      status: 'failed',
      signed: true,
      error: new PaidNotDeliveredError({ transaction: SOLANA_TRANSACTION }),
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getAllByText(/The payment went through, but the server/)[0]).toBeVisible()
    await expect(canvas.queryByRole('button', { name: 'Try again' })).toBeNull()
  },
}

export const ErrorSettlementFailed: Story = {
  name: 'Error · settlement failed',
  args: {
    ...EVM,
    pin: {
      status: 'failed',
      signed: true,
      error: new SettlementFailedError({ reason: 'insufficient_funds' }),
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getAllByText('The payment could not be settled.')[0]).toBeVisible()
    await expect(canvas.getAllByText('The server said: insufficient_funds')[0]).toBeVisible()
    await expect(canvas.queryByRole('button', { name: /^Pay/ })).toBeNull()
    await expect(canvas.getByRole('button', { name: 'Start over' })).toBeEnabled()
  },
}

export const ErrorTimeout: Story = {
  name: 'Error · server did not answer in time',
  args: {
    ...EVM,
    pin: { status: 'failed', error: new RequestTimeoutError({ timeoutMs: 15_000 }) },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getAllByText('The server did not answer in time.')[0]).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled()
  },
}

export const ErrorAborted: Story = {
  name: 'Error · request cancelled',
  args: { ...SOLANA, pin: { status: 'failed', error: new RequestAbortedError() } },
  play: async ({ canvas }) => {
    await expect(canvas.getAllByText('The request was cancelled.')[0]).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled()
  },
}

export const ErrorCrossOriginRedirect: Story = {
  name: 'Error · redirected to another site',
  args: {
    ...EVM,
    pin: {
      status: 'failed',
      signed: true,
      error: new CrossOriginRedirectError({
        from: 'https://shop.example/article',
        to: 'https://elsewhere.example/article',
      }),
    },
  },
  play: async ({ canvas }) => {
    await expect(
      canvas.getAllByText(
        'The server redirected the payment to another site, so it was stopped.',
      )[0],
    ).toBeVisible()
    await expect(canvas.queryByRole('button', { name: /^Pay/ })).toBeNull()
    await expect(canvas.getByRole('button', { name: 'Start over' })).toBeEnabled()
  },
}

/**
 * The option an option-level error names. The UI shows the error by its code, never the option,
 * so a stand-in with the first EVM option's id is enough.
 */
const REFUSED_OPTION = {
  id: 'exact|eip155:84532|0x036CbD53842c5426634e7929541eC2318f3dCF7e',
} as unknown as PaymentOption

export const ErrorPolicyRefused: Story = {
  name: 'Error · refused by the payment policy',
  args: {
    ...EVM,
    pin: {
      status: 'failed',
      error: new PolicyViolationError({
        option: REFUSED_OPTION,
        reason: 'Above the 0.0005 USDC cap.',
      }),
    },
  },
  play: async ({ canvas }) => {
    await expect(
      canvas.getAllByText('This payment is not allowed by the site’s payment settings.')[0],
    ).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Choose another option' })).toBeEnabled()
  },
}

export const ErrorUnsupportedOption: Story = {
  name: 'Error · unsupported option',
  args: {
    fixture: 'x402v2-multi',
    pin: {
      status: 'failed',
      error: new UnsupportedOptionError({ option: REFUSED_OPTION, reason: 'Unknown scheme.' }),
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getAllByText('This payment option is not supported.')[0]).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Choose another option' })).toBeEnabled()
  },
}

export const ErrorUnsupportedWallet: Story = {
  name: 'Error · wallet cannot pay this option',
  args: {
    ...SOLANA,
    pin: {
      status: 'failed',
      error: new UnsupportedWalletError({ reason: 'The wallet cannot sign transactions.' }),
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getAllByText('This wallet cannot make this payment.')[0]).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Choose another option' })).toBeEnabled()
  },
}

export const ErrorNoPayableOption: Story = {
  name: 'Error · no payable option',
  args: {
    ...EVM,
    pin: {
      status: 'failed',
      error: new NoPayableOptionError({
        refusals: [{ option: REFUSED_OPTION, reason: 'Above the policy cap.' }],
      }),
    },
  },
  play: async ({ canvas }) => {
    await expect(
      canvas.getAllByText('None of the payment options can be paid with your wallets.')[0],
    ).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Start over' })).toBeEnabled()
  },
}

export const ErrorInvalidPaymentRequired: Story = {
  name: 'Error · unreadable 402',
  args: {
    ...EVM,
    pin: {
      status: 'failed',
      selected: null,
      error: new InvalidPaymentRequiredError({ reason: 'accepts is not an array' }),
    },
  },
  play: async ({ canvas }) => {
    await expect(
      canvas.getAllByText('The server’s payment request could not be read.')[0],
    ).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Start over' })).toBeEnabled()
  },
}

/** After "Check payment": the chain shows nothing moved, and nothing can any more. */
export const ErrorNotSettled: Story = {
  name: 'Error · not settled, safe to pay again',
  args: {
    fixture: 'h402-evm',
    pin: {
      status: 'failed',
      error: new PaymentNotSettledError({ reason: 'authorization_expired' }),
    },
  },
  play: async ({ canvas }) => {
    await expect(
      canvas.getAllByText(
        'The payment did not go through, and it no longer can. You can pay again.',
      )[0],
    ).toBeVisible()
    await expect(canvas.getAllByText('The server said: authorization_expired')[0]).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled()
  },
}

export const ErrorRecipientCannotReceive: Story = {
  name: 'Error · merchant cannot receive the token (Solana)',
  args: {
    ...SOLANA,
    pin: {
      status: 'failed',
      error: new RecipientCannotReceiveError({
        account: '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin',
      }),
    },
  },
  play: async ({ canvas }) => {
    await expect(
      canvas.getAllByText('The merchant cannot receive this token yet.')[0],
    ).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Choose another option' })).toBeEnabled()
  },
}

export const ErrorTransactionModified: Story = {
  name: 'Error · wallet changed the transaction (Solana)',
  args: {
    fixture: 'h402-solana',
    pin: {
      status: 'failed',
      error: new TransactionModifiedError({ details: 'The compute-unit price was raised.' }),
    },
  },
  play: async ({ canvas }) => {
    await expect(
      canvas.getAllByText('The wallet changed the transaction, so it was not used.')[0],
    ).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Choose another option' })).toBeEnabled()
  },
}

/* ---------------------------------------------------------------- modal */

async function openModal(canvasElement: HTMLElement, trigger: RegExp) {
  await userEvent.click(within(canvasElement).getByRole('button', { name: trigger }))
  return within(canvasElement.ownerDocument.body).findByRole('dialog')
}

export const ModalChoosingEvm: Story = {
  name: 'Modal · choosing · EVM',
  args: { ...EVM, variant: 'modal', pin: { status: 'payment-required', wallet: 'disconnected' } },
  play: async ({ canvasElement }) => {
    const dialog = await openModal(canvasElement, new RegExp(`^Unlock for ${EVM_PRICE}`))
    await expect(within(dialog).getByRole('heading', { name: 'Payment required' })).toBeVisible()
    await expect(within(dialog).getByRole('button', { name: 'MetaMask' })).toBeEnabled()
  },
}

/** While the wallet signs, the dialog cannot be closed: the payment is never abandoned half-way. */
export const ModalSigningSolana: Story = {
  name: 'Modal · signing · Solana',
  args: {
    ...SOLANA,
    variant: 'modal',
    pin: { status: 'signing', step: 'signing', expiresInSeconds: 50 },
  },
  play: async ({ canvasElement }) => {
    const dialog = await openModal(canvasElement, new RegExp(`^Unlock for ${SOLANA_PRICE}`))
    await expect(within(dialog).getByRole('button', { name: 'Close' })).toBeDisabled()
  },
}

export const ModalSettledEvm: Story = {
  name: 'Modal · settled · EVM',
  args: { ...EVM, variant: 'modal', pin: { status: 'settled' } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('article', { name: 'Paid content' })).toBeVisible()
  },
}

/* ---------------------------------------------------------------- dialects */

export const DialectX402v1Evm: Story = {
  name: 'Dialect · x402 v1 · EVM',
  args: { fixture: 'x402v1-evm', pin: { status: 'selecting', expiresInSeconds: 55 } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Pay 0.001 USDC' })).toBeEnabled()
  },
}

export const DialectX402v2Solana: Story = {
  name: 'Dialect · x402 v2 · Solana',
  args: { fixture: 'x402v2-solana', pin: { status: 'selecting', expiresInSeconds: 55 } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: /^Pay / })).toBeEnabled()
    await expect(canvas.getAllByText(/Solana/)[0]).toBeVisible()
  },
}

export const DialectH402Evm: Story = {
  name: 'Dialect · h402 · EVM',
  args: { fixture: 'h402-evm', pin: { status: 'selecting', expiresInSeconds: 55 } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Pay 0.01 USDC' })).toBeEnabled()
    await expect(canvas.getByText('You also pay the network fee.')).toBeVisible()
  },
}

export const DialectH402Solana: Story = {
  name: 'Dialect · h402 · Solana (SOL)',
  args: { fixture: 'h402-solana', pin: { status: 'selecting', expiresInSeconds: 55 } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Pay 0.001 SOL' })).toBeEnabled()
  },
}

export const DialectH402Multi: Story = {
  name: 'Dialect · h402 · eight options',
  args: { fixture: 'h402-multi', pin: { status: 'payment-required', wallet: 'disconnected' } },
  play: async ({ canvas }) => {
    const radios = within(canvas.getByRole('radiogroup', { name: 'Pay with' })).getAllByRole(
      'radio',
    )
    await expect(radios.length).toBeGreaterThan(4)
  },
}
