import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles/studio.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { connect } from './transport';

performance.mark('atelier:modules');
// Connecting starts now, while React sets up, not after its first render.
const connection = connect();
const connectOnce = () => connection;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App connect={connectOnce} />
  </StrictMode>,
);
