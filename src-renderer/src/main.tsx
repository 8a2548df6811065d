import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToKiosk } from './api';
import { App } from './App';
import { reportUnhandledErrors } from './error-reporter';
import { NotConnectedScreen } from './screens/NotConnectedScreen';
import { LoadingScreen } from './screens/LoadingScreen';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing the #root element.');
const root = createRoot(container);

root.render(
  <StrictMode>
    <LoadingScreen />
  </StrictMode>,
);

void connectToKiosk().then((api) => {
  // From here on, what the page does not handle is kept for IT (issue 20, point 6).
  if (api) reportUnhandledErrors(api);
  root.render(<StrictMode>{api ? <App api={api} /> : <NotConnectedScreen />}</StrictMode>);
});
