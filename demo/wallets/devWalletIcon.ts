/**
 * The icon of both development wallets: a black-and-yellow hazard tile that reads "DEV", so that in
 * a wallet picker it can never be mistaken for a real wallet's logo. EIP-6963 and wallet-standard
 * both require a data: URI; wallet-standard requires base64 specifically.
 */
export const DEV_WALLET_ICON: `data:image/svg+xml;base64,${string}` = `data:image/svg+xml;base64,${btoa(
  [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">',
    '<defs><pattern id="h" width="16" height="16" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">',
    '<rect width="16" height="16" fill="#facc15"/><rect width="8" height="16" fill="#111827"/></pattern></defs>',
    '<rect width="96" height="96" rx="16" fill="url(#h)"/>',
    '<rect x="10" y="30" width="76" height="36" rx="6" fill="#111827"/>',
    '<text x="48" y="58" font-family="Arial,Helvetica,sans-serif" font-size="28" font-weight="700" ',
    'text-anchor="middle" fill="#facc15">DEV</text></svg>',
  ].join(''),
)}`

/** Name shown by both development wallets in every wallet list. */
export const DEV_WALLET_NAME = 'h402 Dev Wallet (devnet key)'

/** EIP-6963 reverse-DNS id of the EVM development wallet (wagmi uses it as the connector id). */
export const DEV_WALLET_RDNS = 'dev.h402.devwallet'
