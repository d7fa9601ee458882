/**
 * The English catalog: every string the paywall shows, by key. `{name}` placeholders are filled
 * in by `translate`. Other catalogs and a `messages` override have the same keys.
 */
export const en = {
  // The resource and its price
  'summary.label': 'Payment required',
  'summary.price': 'Price',
  'summary.priceValue': '{amount} {token}',
  'summary.on': 'on {network}',
  'summary.loading': 'Loading the price…',
  'amount.raw': '{amount} base units',

  // Options
  'options.label': 'Pay with',
  'options.option': '{amount} {token} on {network}',
  'options.unverified': 'Unverified token',
  'options.unverifiedHint':
    'This token is not in the list of known tokens. Check its address before paying: {address}',
  'options.testnet': 'Test network',
  'options.unavailable': 'Unavailable: {reason}',
  'options.insufficient': 'Not enough {token}',
  'options.balance': 'Balance: {amount} {token}',

  // Wallets
  'connect.label': 'Connect wallet',
  'connect.hint': 'Choose the wallet to pay with.',
  'connect.noWallet': 'No wallet found',
  'connect.noWalletHelp':
    'Install a browser wallet for {network} (for example a browser extension), then reload this page.',
  'connect.connecting': 'Connecting…',
  'connect.reconnecting': 'Restoring your wallet…',
  'connect.connected': 'Connected: {address}',
  'connect.connectedWith': 'Connected with {wallet}: {address}',
  'connect.disconnect': 'Disconnect',
  'connect.notInstalled': 'Not installed',
  'connect.failed': 'The wallet did not connect.',

  // Balance and funding
  'balance.label': 'Your balance: {amount} {token}',
  'balance.insufficient': 'You need {shortfall} more {token} on {network} to pay.',
  'balance.faucet': '{network} is a test network: get free test {token} from its faucet.',
  'balance.fund': 'Add {token} on {network} to this wallet, then try again.',

  // Consent
  'consent.label': 'You are about to pay',
  'consent.amount': 'Amount',
  'consent.token': 'Token',
  'consent.network': 'Network',
  'consent.payee': 'Pay to',
  'consent.copy': 'Copy payee address',
  'consent.copied': 'Copied',
  'consent.expiresIn': 'Price valid for {time}',
  'consent.expired': 'This price quote expired. Get a new one before paying.',
  'consent.refresh': 'Get a new price',
  'consent.fee': 'You also pay the network fee.',
  'consent.extraCost': 'Also paid: {amount} {token}, {what}.',
  'cost.account-rent': 'rent of the payee’s token account',

  // Paying
  'pay.label': 'Pay {amount} {token}',
  'pay.connectFirst': 'Connect a wallet to pay.',
  'pay.switchNetwork':
    'Switch network: your wallet is on another network; it will switch to {network} when you pay.',
  'pay.unavailable': 'This option cannot be paid.',
  'pay.insufficient': 'Not enough {token} to pay.',
  'pay.expired': 'The price quote expired.',
  'pay.busy': 'Payment in progress.',

  // Status and steps
  'status.idle': '',
  'status.fetching': 'Loading the price…',
  'status.payment-required': 'Choose how to pay.',
  'status.selecting': 'Ready to pay.',
  'status.connecting': 'Connecting your wallet…',
  'status.switching-network': 'Switching network in your wallet…',
  'status.signing': 'Confirm the payment in your wallet.',
  'status.submitting': 'Verifying the payment…',
  'status.settled': 'Paid.',
  'status.failed': 'The payment did not go through.',
  'status.outcome-unknown': 'The payment may have gone through.',
  'status.label': 'Payment progress',
  'status.cancel': 'Cancel payment',
  'status.cancelHint':
    'Nothing has been paid yet. If your wallet still shows the request, reject it there.',
  'step.switchNetwork': 'Switch network',
  'step.confirm': 'Confirm in wallet',
  'step.broadcasting': 'Broadcasting',
  'step.confirming': 'Confirming on the network',
  'step.verifying': 'Verifying payment',
  'step.done': 'done',
  'step.current': 'in progress',
  'step.switchingNow': 'Switching to {network} in your wallet…',
  'step.confirmNow': 'Confirm the payment in your wallet.',
  'step.broadcastingNow': 'Sending the transaction…',
  'step.confirmingNow': 'Waiting for the network to confirm…',
  'step.verifyingNow': 'The server is verifying the payment…',

  // Receipt
  'receipt.label': 'Payment receipt',
  'receipt.paid': 'Paid {amount} {token} on {network}',
  'receipt.amount': 'Amount',
  'receipt.network': 'Network',
  'receipt.transaction': 'Transaction',
  'receipt.noTransaction': 'The server reported no transaction.',
  'receipt.explorer': 'View transaction {transaction} on the explorer',
  'receipt.copy': 'Copy transaction',

  // Errors by code
  'error.label': 'Payment problem',
  'error.unknown': 'Something went wrong.',
  'error.user_rejected': 'You declined the request in your wallet. Nothing was paid.',
  'error.wallet_not_connected': 'Your wallet is not connected.',
  'error.wrong_network': 'Your wallet is on another network.',
  'error.insufficient_funds': 'This wallet does not have enough funds for this payment.',
  'error.unsupported_wallet': 'This wallet cannot make this payment.',
  'error.chain_request_failed': 'The network could not be reached. Nothing was paid.',
  'error.quote_expired': 'The price quote expired before you paid.',
  'error.payment_rejected': 'The server refused the payment. No money moved.',
  'error.settle_failed': 'The payment could not be settled.',
  'error.outcome_unknown': 'The payment was sent, but we could not confirm the result.',
  'error.network_error': 'The server could not be reached.',
  'error.timeout': 'The server did not answer in time.',
  'error.aborted': 'The request was cancelled.',
  'error.payment_already_attempted': 'This request already carries a payment.',
  'error.cross_origin_redirect':
    'The server redirected the payment to another site, so it was stopped.',
  'error.unexpected': 'Something unexpected went wrong.',
  'error.transaction_reverted': 'The transaction failed on the network. No money moved.',
  'error.policy_refused': 'This payment is not allowed by the site’s payment settings.',
  'error.unsupported_option': 'This payment option is not supported.',
  'error.no_payable_option': 'None of the payment options can be paid with your wallets.',
  'error.not_payment_required': 'The server did not ask for a payment.',
  'error.invalid_payment_required': 'The server’s payment request could not be read.',
  'error.no_payment_options': 'The server offered no way to pay.',
  'error.invalid_header': 'A payment header could not be read.',
  'error.invalid_amount': 'The server asked for an invalid amount.',
  'error.recipient_cannot_receive': 'The merchant cannot receive this token yet.',
  'error.transaction_modified': 'The wallet changed the transaction, so it was not used.',
  'error.not_settled': 'The payment did not go through, and it no longer can. You can pay again.',
  'error.paid_not_delivered':
    'The payment went through, but the server did not deliver. Do not pay again: contact the merchant with the transaction.',
  'error.serverSaid': 'The server said: {reason}',

  // Actions
  'action.retry': 'Try again',
  'action.switchNetwork': 'Switch network',
  'action.switchNetworkHint': 'Your wallet will switch to {network}, then ask you to confirm.',
  'action.chooseOther': 'Choose another option',
  'action.reconnect': 'Reconnect wallet',
  'action.fund': 'I added funds, try again',
  'action.startOver': 'Start over',

  // Outcome unknown
  'unknown.title': 'The payment may have gone through',
  'unknown.body':
    'Your payment was sent, but the answer was lost. Do not pay again: check first whether it went through.',
  'unknown.transaction': 'View transaction {transaction} on the explorer',
  'unknown.check': 'Check payment',
  'unknown.checking': 'Checking the payment…',
  'unknown.paid': 'The payment went through.',
  'unknown.notPaid': 'The payment did not go through. No money moved.',
  'unknown.stillUnknown': 'The network cannot tell yet. Check again in a moment.',
  'unknown.newPayment': 'Start a new payment',
  'unknown.confirmTitle': 'Pay again?',
  'unknown.confirmBody':
    'If the first payment went through, a new payment charges you twice. Start a new payment only if you are sure it did not.',
  'unknown.confirm': 'Yes, start a new payment',
  'unknown.cancel': 'Cancel',

  // Modal
  'modal.open': 'Unlock for {amount} {token}',
  'modal.openNoPrice': 'Unlock',
  'modal.title': 'Payment required',
  'modal.close': 'Close',

  // Durations
  'time.minutesSeconds': '{minutes}:{seconds}',
} as const

/** A key of the message catalogs. */
export type H402MessageKey = keyof typeof en

/** A complete catalog: one string per key. */
export type H402Messages = { readonly [K in H402MessageKey]: string }
