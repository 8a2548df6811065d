import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToKiosk } from './api';
import { App } from './App';
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
  root.render(<StrictMode>{api ? <App api={api} /> : <NotConnectedScreen />}</StrictMode>);
});
