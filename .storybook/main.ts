import type { StorybookConfig } from '@storybook/react-vite'
import tailwindcss from '@tailwindcss/vite'
import { mergeConfig } from 'vite'
import { mswWorkerPlugin } from '../demo/msw/mswWorkerPlugin.js'
import { readDevnetForStorybook } from './readDevnetForStorybook.js'

const config: StorybookConfig = {
  stories: [
    '../stories/**/*.mdx',
    '../stories/**/*.stories.@(ts|tsx)',
    '../src/**/*.stories.@(ts|tsx)',
  ],
  addons: ['@storybook/addon-vitest', '@storybook/addon-a11y', '@storybook/addon-docs'],
  framework: '@storybook/react-vite',
  core: { disableTelemetry: true },
  // mswWorkerPlugin: stories without a devnet (a static build) answer with MSW handlers.
  async viteFinal(viteConfig, { configType }) {
    return mergeConfig(viteConfig, {
      plugins: [tailwindcss(), mswWorkerPlugin()],
      define: { __H402_DEVNET__: JSON.stringify(readDevnetForStorybook(configType)) },
    })
  },
}

export default config
