import { createKeyPairFromPrivateKeyBytes, verifySignature } from '@solana/kit'
import {
  ConnectionProvider,
  useConnection,
  useWallet,
  type WalletContextState,
  WalletProvider,
} from '@solana/wallet-adapter-react'
import {
  Keypair,
  LAMPORTS_PER_SOL,
  SystemProgram,
  TransactionMessage,
  VersionedTransaction,
} from '@solana/web3.js'
import { registerWallet } from '@wallet-standard/wallet'
import { useEffect } from 'react'
import { describe, expect, inject, it } from 'vitest'
import { render } from 'vitest-browser-react'
import { createDevSolanaWallet } from './createDevSolanaWallet.js'
import { DEV_WALLET_NAME } from './devWalletIcon.js'

const devnet = inject('devnet')
// The last dev account: stories use the first ones.
const devAccount = devnet.solana.devAccounts.at(-1)!

type Context = WalletContextState & { connection: ReturnType<typeof useConnection>['connection'] }

/** Renders wallet-adapter's providers, exactly as an app would, and hands out their context. */
function Probe({ onContext }: { onContext: (context: Context) => void }) {
  const wallet = useWallet()
  const { connection } = useConnection()
  useEffect(() => {
    onContext({ ...wallet, connection })
  })
  return (
    <ul>
      {wallet.wallets.map((w) => (
        <li key={w.adapter.name}>
          {w.adapter.name} {w.readyState}
        </li>
      ))}
      <li>{wallet.publicKey ? `connected ${wallet.publicKey.toBase58()}` : 'disconnected'}</li>
    </ul>
  )
}

const until = async <T,>(read: () => T | undefined): Promise<T> => {
  await expect.poll(read).toBeTruthy()
  return read()!
}

describe('createDevSolanaWallet in Chromium', () => {
  it('is found by wallet-adapter as a standard wallet and its signed transfer lands on the devnet', async () => {
    const wallet = createDevSolanaWallet({
      rpcUrl: devnet.solana.rpcUrl,
      secretKey: devAccount.secretKey,
    })
    registerWallet(wallet)
    let context: Context | undefined
    const screen = await render(
      <ConnectionProvider endpoint={devnet.solana.rpcUrl}>
        <WalletProvider wallets={[]} autoConnect={false}>
          <Probe
            onContext={(c) => {
              context = c
            }}
          />
        </WalletProvider>
      </ConnectionProvider>,
    )
    // Found with no adapter passed in: wallet-adapter-react detects registered standard wallets.
    await expect.element(screen.getByText(`${DEV_WALLET_NAME} Installed`)).toBeVisible()

    ;(await until(() => context)).select(wallet.name as Parameters<Context['select']>[0])
    await until(() => context?.wallet?.adapter.name === wallet.name || undefined)
    await context!.connect()
    await expect.element(screen.getByText(`connected ${devAccount.address}`)).toBeVisible()

    const { connection, sendTransaction, signTransaction, signMessage } = context!
    const recipient = Keypair.generate().publicKey
    const amount = LAMPORTS_PER_SOL / 100
    const before = await connection.getBalance(wallet.keypair.publicKey)
    const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash()
    // A v0 transaction through the adapter's sendTransaction: solana:signAndSendTransaction.
    const transfer = new VersionedTransaction(
      new TransactionMessage({
        payerKey: wallet.keypair.publicKey,
        recentBlockhash: blockhash,
        instructions: [
          SystemProgram.transfer({
            fromPubkey: wallet.keypair.publicKey,
            toPubkey: recipient,
            lamports: amount,
          }),
        ],
      }).compileToV0Message(),
    )
    const signature = await sendTransaction(transfer, connection)
    const confirmation = await connection.confirmTransaction(
      { signature, blockhash, lastValidBlockHeight },
      'confirmed',
    )
    expect(confirmation.value.err).toBeNull()
    expect(await connection.getBalance(recipient)).toBe(amount)
    expect(await connection.getBalance(wallet.keypair.publicKey)).toBeLessThan(before - amount + 1)

    // signTransaction (solana:signTransaction) returns a transaction the RPC accepts as signed.
    const signed = await signTransaction!(
      new VersionedTransaction(
        new TransactionMessage({
          payerKey: wallet.keypair.publicKey,
          recentBlockhash: (await connection.getLatestBlockhash()).blockhash,
          instructions: [
            SystemProgram.transfer({
              fromPubkey: wallet.keypair.publicKey,
              toPubkey: recipient,
              lamports: amount,
            }),
          ],
        }).compileToV0Message(),
      ),
    )
    const second = await connection.sendRawTransaction(signed.serialize())
    await expect
      .poll(async () => (await connection.getSignatureStatus(second)).value?.err, {
        timeout: 20_000,
      })
      .toBeNull()
    await expect.poll(() => connection.getBalance(recipient), { timeout: 20_000 }).toBe(2 * amount)

    // signMessage (solana:signMessage): an Ed25519 signature by the account's key.
    const message = new TextEncoder().encode('h402 dev wallet')
    const messageSignature = await signMessage!(message)
    const { publicKey } = await createKeyPairFromPrivateKeyBytes(
      wallet.keypair.secretKey.slice(0, 32),
    )
    expect(
      await verifySignature(
        publicKey,
        messageSignature as Parameters<typeof verifySignature>[1],
        message,
      ),
    ).toBe(true)
  })

  it('signs legacy transactions too, and rejects with code 4001 when the user says no', async () => {
    let approve = true
    const wallet = createDevSolanaWallet({
      rpcUrl: devnet.solana.rpcUrl,
      secretKey: devAccount.secretKey,
      approve: () => approve,
    })
    const { accounts } = await wallet.features['standard:connect'].connect()
    const account = accounts[0]!
    const { Transaction, Connection } = await import('@solana/web3.js')
    const connection = new Connection(devnet.solana.rpcUrl, 'confirmed')
    const legacy = new Transaction({
      feePayer: wallet.keypair.publicKey,
      ...(await connection.getLatestBlockhash()),
    }).add(
      SystemProgram.transfer({
        fromPubkey: wallet.keypair.publicKey,
        toPubkey: Keypair.generate().publicKey,
        lamports: LAMPORTS_PER_SOL / 100,
      }),
    )
    const bytes = legacy.serialize({ requireAllSignatures: false, verifySignatures: false })
    const [output] = await wallet.features['solana:signTransaction'].signTransaction({
      account,
      transaction: new Uint8Array(bytes),
      chain: 'solana:devnet',
    })
    const signed = Transaction.from(output!.signedTransaction)
    expect(signed.verifySignatures()).toBe(true)
    approve = false
    await expect(
      wallet.features['solana:signTransaction'].signTransaction({
        account,
        transaction: new Uint8Array(bytes),
      }),
    ).rejects.toMatchObject({ code: 4001 })
  })
})
