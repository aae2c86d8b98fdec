import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Three pages, as three kinds of site would build them.
export default defineConfig({
  plugins: [react()],
  build: {
    rollupOptions: {
      input: { vanilla: 'vanilla.html', react: 'react.html', protocol: 'protocol.html' },
    },
  },
});
