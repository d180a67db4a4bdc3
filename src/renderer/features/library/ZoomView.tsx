import { useEffect, useState } from 'react';
import { Button, Portal } from '@mantine/core';
import { useStrings } from '../../i18n';
import { libraryStrings } from './i18n';

/** The original picture over the whole window: fitted, or at actual size to inspect detail. */
export function ZoomView({ url, onClose }: { url: string; onClose: () => void }) {
  const t = useStrings(libraryStrings);
  const [fit, setFit] = useState(true);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <Portal>
      <div className="zoom" data-fit={fit || undefined} onClick={onClose} data-testid="zoom">
        <img src={url} alt="" onClick={(e) => (e.stopPropagation(), setFit(!fit))} style={{ cursor: fit ? 'zoom-in' : 'zoom-out' }} />
      </div>
      <div className="zoom-bar">
        <Button variant="white" color="dark" onClick={() => setFit(!fit)}>
          {fit ? t.actualSize : t.fit}
        </Button>
        <Button variant="white" color="dark" onClick={onClose}>
          {t.closeZoom}
        </Button>
      </div>
    </Portal>
  );
}
