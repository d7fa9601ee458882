const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

/**
 * A "… 12 s" line that updates in place on a terminal; elsewhere (CI, pipes) it prints the label
 * once, then a line every 15 s so a log shows the wait is alive. `done()` ends it with a check.
 */
export function progressLine(label: string): { done(result?: string): void } {
  const started = Date.now()
  const seconds = () => Math.round((Date.now() - started) / 1000)
  const tty = process.stdout.isTTY
  let frame = 0
  if (!tty) process.stdout.write(`${label}…\n`)
  const timer = setInterval(
    () => {
      if (tty)
        process.stdout.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}… ${seconds()} s `)
      else process.stdout.write(`  still ${label.toLowerCase()} (${seconds()} s)\n`)
    },
    tty ? 100 : 15_000,
  )
  return {
    done(result = 'ready') {
      clearInterval(timer)
      const line = `✔ ${label}: ${result} (${seconds()} s)`
      process.stdout.write(tty ? `\r${line}\x1b[K\n` : `${line}\n`)
    },
  }
}
