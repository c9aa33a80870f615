import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { I18nProvider } from './i18n/I18nProvider';
import { savePreferredLanguage } from './session/preferences';
import { refresh } from './session/session';
import './styles/app.css';
import './styles/print.css';

// A login survives a reload through the HttpOnly refresh cookie, never through storage.
void refresh();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider onChange={savePreferredLanguage}>
      <App />
    </I18nProvider>
  </StrictMode>,
);
