// First: spl-token needs the global Buffer while it loads (see installBufferGlobal.ts).
import './installBufferGlobal.js'
import {
  ACCOUNT_SIZE,
  ExtensionType,
  getAccountLen,
  getAccountTypeOfMintType,
  getExtensionTypes,
  getTransferFeeConfig,
  getTransferHook,
  type Mint,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  unpackMint,
} from '@solana/spl-token'
import { type Connection, PublicKey } from '@solana/web3.js'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import type { PaymentOption } from '../core/types.js'

/** What the kit needs to know about an SPL mint before paying with it. */
export interface MintInfo {
  /** The mint's address. */
  address: PublicKey
  /** The token program that owns the mint: classic Token or Token-2022. */
  programId: PublicKey
  /** The mint's decimals, as `TransferChecked` must state them. */
  decimals: number
  /** Size of the associated token account of this mint that h402's create-ATA step opens. */
  accountSize: number
  /** True when the mint charges a Token-2022 transfer fee, so the payee receives less. */
  transferFee: boolean
}

/**
 * Reads a mint and its token program from the chain. The program is the mint account's owner
 * (x402 and h402 both detect it this way): Token-2022 assets such as PYUSD and USDG need it
 * (solana-developer-platform#938). Refuses mints the kit cannot pay with a plain
 * `TransferChecked`.
 */
export async function readMint(connection: Connection, option: PaymentOption): Promise<MintInfo> {
  const address = toPublicKey(option.asset.address, option, 'asset')
  const account = await connection.getAccountInfo(address, 'confirmed')
  if (!account)
    throw new UnsupportedOptionError({
      option,
      reason: `The token mint ${address.toBase58()} does not exist on this network.`,
    })
  const programId = account.owner
  if (!programId.equals(TOKEN_PROGRAM_ID) && !programId.equals(TOKEN_2022_PROGRAM_ID))
    throw new UnsupportedOptionError({
      option,
      reason: `The asset ${address.toBase58()} is not a mint of the Token or Token-2022 program.`,
    })
  let mint: Mint
  try {
    mint = unpackMint(address, account, programId)
  } catch (cause) {
    throw new UnsupportedOptionError({
      option,
      reason: `The asset ${address.toBase58()} is not a valid mint: ${String(cause)}`,
    })
  }
  // A transfer hook needs extra accounts in the transfer, which the x402 layout forbids and
  // the kit does not resolve: the transfer would fail on chain.
  // A hook extension with no program set (issuers reserve one that way) calls nothing.
  const hookProgram = getTransferHook(mint)?.programId
  if (hookProgram && !hookProgram.equals(PublicKey.default))
    throw new UnsupportedOptionError({
      option,
      reason: 'The token has a Token-2022 transfer hook, which this kit cannot pay.',
    })
  if (option.asset.decimals !== undefined && option.asset.decimals !== mint.decimals)
    throw new UnsupportedOptionError({
      option,
      reason: `The option says the token has ${option.asset.decimals} decimals, but the mint has ${mint.decimals}.`,
    })
  const fee = getTransferFeeConfig(mint)
  return {
    address,
    programId,
    decimals: mint.decimals,
    accountSize: associatedAccountSize(mint, programId),
    transferFee:
      fee !== null &&
      (fee.newerTransferFee.transferFeeBasisPoints > 0 ||
        fee.olderTransferFee.transferFeeBasisPoints > 0),
  }
}

/**
 * The size of an associated token account of the mint, which sets its rent. For Token-2022 the
 * associated-token program always adds `ImmutableOwner`, plus the account extensions the mint's
 * own require (a transfer fee's withheld amount, a hook's flag…). spl-token's
 * `getAccountLenForMint` leaves out `ImmutableOwner` (5 bytes: 34,800 lamports short) and counts
 * mint-only extensions as empty entries, so it is not used.
 */
function associatedAccountSize(mint: Mint, programId: PublicKey): number {
  if (!programId.equals(TOKEN_2022_PROGRAM_ID)) return ACCOUNT_SIZE
  const required = getExtensionTypes(mint.tlvData)
    .map(getAccountTypeOfMintType)
    .filter(
      (type) =>
        type !== ExtensionType.Uninitialized && type !== ExtensionType.ConfidentialTransferAccount,
    )
  return getAccountLen([...required, ExtensionType.ImmutableOwner])
}

/** Parses an address of an option, refusing the option when it is not a valid public key. */
export function toPublicKey(address: string, option: PaymentOption, field: string): PublicKey {
  try {
    return new PublicKey(address)
  } catch {
    throw new UnsupportedOptionError({
      option,
      reason: `The ${field} "${address.slice(0, 64)}" is not a Solana address.`,
    })
  }
}
