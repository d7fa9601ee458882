import { createHash } from 'node:crypto'
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from '@solana/spl-token'
import {
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  SystemProgram,
  type TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
} from '@solana/web3.js'
import { keypairFromSecret, secretOf, solanaRpc } from './client.js'
import { BankrunRpc, DEVNET_GENESIS_HASH, serveBankrunRpc } from './rpc.js'

/** CAIP-2 id the local chain poses as (Solana devnet), since @x402/svm knows only public clusters. */
export const SOLANA_DEVNET_CAIP2 = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
export const SOLANA_TOKEN_DECIMALS = 6

export interface SolanaAccountInfo {
  address: string
  /** base58 of the 64-byte secret key. */
  secretKey: string
}

/** Everything about the Solana devnet that can cross a process boundary (vitest `provide`, JSON). */
export interface SolanaDevnetInfo {
  rpcUrl: string
  /** PubSub endpoint (the RPC port + 1, which is where web3.js looks; the RPC port also accepts upgrades). */
  wsUrl: string
  network: typeof SOLANA_DEVNET_CAIP2
  genesisHash: string
  /** Classic SPL Token mint, 6 decimals, "USDC". */
  usdcMint: string
  /** Token-2022 mint, 6 decimals. */
  token2022Mint: string
  /** Mint authority of both mints, also a funded fee payer for minting. */
  mintAuthority: SolanaAccountInfo
  /** The facilitator's fee payer (`extra.feePayer` of x402 requirements). */
  feePayer: SolanaAccountInfo
  /** The `payTo` of every demo route; has 1 SOL so SOL payments to it clear the rent minimum. */
  payTo: SolanaAccountInfo
  payToUsdcAta: string
  payToToken2022Ata: string
  /** Development wallets for `npm start`, each with 100 SOL, 1000 USDC and 1000 of the Token-2022 mint. */
  devAccounts: SolanaAccountInfo[]
}

export interface SolanaDevnet extends SolanaDevnetInfo {
  /** The in-process bank behind the RPC, for tests that need to reach past the RPC. */
  rpc: BankrunRpc
  stop(): Promise<void>
}

export interface StartSolanaDevnetOptions {
  /** Port for the HTTP RPC (the websocket also listens on port + 1); free ports when omitted. */
  port?: number
  /** Milliseconds per slot; see `BankrunRpcOptions.slotMs`. */
  slotMs?: number
}

/** Same keys on every start, so addresses printed by `npm start` stay valid across restarts. */
function devnetKeypair(name: string): Keypair {
  return Keypair.fromSeed(createHash('sha256').update(`h402-devnet/solana/${name}`).digest())
}

const account = (keypair: Keypair): SolanaAccountInfo => ({
  address: keypair.publicKey.toBase58(),
  secretKey: secretOf(keypair),
})

/**
 * Starts solana-bankrun behind the JSON-RPC shim, creates the USDC (Token) and Token-2022 mints, the
 * payee's token accounts and funded development wallets.
 */
export async function startSolanaDevnet(
  options: StartSolanaDevnetOptions = {},
): Promise<SolanaDevnet> {
  // Bankrun logs every program invocation at debug level to stderr unless told otherwise.
  process.env.RUST_LOG ??= 'error'
  const { start } = await import('solana-bankrun')
  const context = await start([], [])
  const rpc = new BankrunRpc(context, { slotMs: options.slotMs })
  const server = await serveBankrunRpc(rpc, options.port ?? 0)
  try {
    const mintAuthority = devnetKeypair('mint-authority')
    const feePayer = devnetKeypair('facilitator-fee-payer')
    const payTo = devnetKeypair('pay-to')
    const usdcMint = devnetKeypair('usdc-mint')
    const token2022Mint = devnetKeypair('token-2022-mint')
    const devKeypairs = [0, 1, 2, 3, 4].map((i) => devnetKeypair(`dev-${i}`))

    const airdrops: [Keypair, number][] = [
      [mintAuthority, 1000],
      [feePayer, 100],
      [payTo, 1],
      ...devKeypairs.map((k): [Keypair, number] => [k, 100]),
    ]
    for (const [keypair, sol] of airdrops) {
      await rpc.call('requestAirdrop', [keypair.publicKey.toBase58(), sol * LAMPORTS_PER_SOL])
    }

    const rent = Number(await rpc.call('getMinimumBalanceForRentExemption', [MINT_SIZE]))
    const mintInstructions = (mint: Keypair, programId: PublicKey): TransactionInstruction[] => [
      SystemProgram.createAccount({
        fromPubkey: mintAuthority.publicKey,
        newAccountPubkey: mint.publicKey,
        lamports: rent,
        space: MINT_SIZE,
        programId,
      }),
      createInitializeMint2Instruction(
        mint.publicKey,
        SOLANA_TOKEN_DECIMALS,
        mintAuthority.publicKey,
        null,
        programId,
      ),
    ]
    const send = (instructions: TransactionInstruction[], signers: Keypair[]) =>
      sendInstructions(server.rpcUrl, mintAuthority, instructions, signers)
    await send(
      [
        ...mintInstructions(usdcMint, TOKEN_PROGRAM_ID),
        ...mintInstructions(token2022Mint, TOKEN_2022_PROGRAM_ID),
      ],
      [usdcMint, token2022Mint],
    )
    const info: SolanaDevnetInfo = {
      rpcUrl: server.rpcUrl,
      wsUrl: server.wsUrl,
      network: SOLANA_DEVNET_CAIP2,
      genesisHash: DEVNET_GENESIS_HASH,
      usdcMint: usdcMint.publicKey.toBase58(),
      token2022Mint: token2022Mint.publicKey.toBase58(),
      mintAuthority: account(mintAuthority),
      feePayer: account(feePayer),
      payTo: account(payTo),
      payToUsdcAta: getAssociatedTokenAddressSync(
        usdcMint.publicKey,
        payTo.publicKey,
        true,
        TOKEN_PROGRAM_ID,
      ).toBase58(),
      payToToken2022Ata: getAssociatedTokenAddressSync(
        token2022Mint.publicKey,
        payTo.publicKey,
        true,
        TOKEN_2022_PROGRAM_ID,
      ).toBase58(),
      devAccounts: devKeypairs.map(account),
    }
    // x402 SVM payments carry no create-ATA instruction: the payee's token accounts must exist.
    await send(
      [
        createAssociatedTokenAccountIdempotentInstruction(
          mintAuthority.publicKey,
          new PublicKey(info.payToUsdcAta),
          payTo.publicKey,
          usdcMint.publicKey,
          TOKEN_PROGRAM_ID,
        ),
        createAssociatedTokenAccountIdempotentInstruction(
          mintAuthority.publicKey,
          new PublicKey(info.payToToken2022Ata),
          payTo.publicKey,
          token2022Mint.publicKey,
          TOKEN_2022_PROGRAM_ID,
        ),
      ],
      [],
    )
    for (const dev of devKeypairs) {
      await send(
        fundTokenInstructions(info, dev.publicKey, 1000n * 10n ** 6n, 1000n * 10n ** 6n),
        [],
      )
    }
    return {
      ...info,
      rpc,
      stop: async () => {
        rpc.stop()
        await server.close()
      },
    }
  } catch (error) {
    rpc.stop()
    await server.close()
    throw error
  }
}

function fundTokenInstructions(
  info: Pick<SolanaDevnetInfo, 'usdcMint' | 'token2022Mint' | 'mintAuthority'>,
  owner: PublicKey,
  usdc: bigint,
  token2022: bigint,
): TransactionInstruction[] {
  const authority = new PublicKey(info.mintAuthority.address)
  const instructions: TransactionInstruction[] = []
  for (const [mintText, programId, amount] of [
    [info.usdcMint, TOKEN_PROGRAM_ID, usdc],
    [info.token2022Mint, TOKEN_2022_PROGRAM_ID, token2022],
  ] as const) {
    if (amount <= 0n) continue
    const mint = new PublicKey(mintText)
    const ata = getAssociatedTokenAddressSync(mint, owner, true, programId)
    instructions.push(
      createAssociatedTokenAccountIdempotentInstruction(authority, ata, owner, mint, programId),
      createMintToInstruction(mint, ata, authority, amount, [], programId),
    )
  }
  return instructions
}

/** Signs with the fee payer (and `signers`) and sends through the RPC, which processes synchronously. */
async function sendInstructions(
  rpcUrl: string,
  feePayer: Keypair,
  instructions: TransactionInstruction[],
  signers: Keypair[],
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const { value } = await solanaRpc<{ value: { blockhash: string } }>(
      rpcUrl,
      'getLatestBlockhash',
    )
    const message = new TransactionMessage({
      payerKey: feePayer.publicKey,
      recentBlockhash: value.blockhash,
      instructions,
    }).compileToV0Message()
    const tx = new VersionedTransaction(message)
    tx.sign([feePayer, ...signers])
    try {
      return await solanaRpc<string>(rpcUrl, 'sendTransaction', [
        Buffer.from(tx.serialize()).toString('base64'),
        { encoding: 'base64' },
      ])
    } catch (error) {
      // Set-up only: a blockhash lost to a slot change under load is safe to replace, since the
      // transaction was refused before it ran.
      if (attempt >= 3 || !String(error).includes('Blockhash not found')) throw error
    }
  }
}

export interface SolanaPayer {
  keypair: Keypair
  address: string
  secretKey: string
  usdcAta: string
  token2022Ata: string
}

export interface CreateSolanaPayerOptions {
  /** Lamports; default 10 SOL. */
  lamports?: bigint
  /** Atomic USDC (6 decimals); default 100 USDC. 0 creates no token account. */
  usdc?: bigint
  /** Atomic Token-2022 units (6 decimals); default 100. 0 creates no token account. */
  token2022?: bigint
}

/**
 * A fresh keypair with SOL and both tokens, so a test sees balances no other test moves. The mint
 * authority pays the fees of the token setup, so the payer's SOL balance is exactly `lamports`.
 */
export async function createSolanaPayer(
  solana: Pick<SolanaDevnetInfo, 'rpcUrl' | 'usdcMint' | 'token2022Mint' | 'mintAuthority'>,
  options: CreateSolanaPayerOptions = {},
): Promise<SolanaPayer> {
  const keypair = Keypair.generate()
  const lamports = options.lamports ?? 10n * BigInt(LAMPORTS_PER_SOL)
  if (lamports > 0n) {
    await solanaRpc(solana.rpcUrl, 'requestAirdrop', [
      keypair.publicKey.toBase58(),
      Number(lamports),
    ])
  }
  const instructions = fundTokenInstructions(
    solana,
    keypair.publicKey,
    options.usdc ?? 100n * 10n ** 6n,
    options.token2022 ?? 100n * 10n ** 6n,
  )
  if (instructions.length > 0) {
    await sendInstructions(
      solana.rpcUrl,
      keypairFromSecret(solana.mintAuthority.secretKey),
      instructions,
      [],
    )
  }
  return {
    keypair,
    address: keypair.publicKey.toBase58(),
    secretKey: secretOf(keypair),
    usdcAta: getAssociatedTokenAddressSync(
      new PublicKey(solana.usdcMint),
      keypair.publicKey,
      true,
      TOKEN_PROGRAM_ID,
    ).toBase58(),
    token2022Ata: getAssociatedTokenAddressSync(
      new PublicKey(solana.token2022Mint),
      keypair.publicKey,
      true,
      TOKEN_2022_PROGRAM_ID,
    ).toBase58(),
  }
}
