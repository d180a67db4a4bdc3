import type { ItemDetail } from '../../../shared/contract';
import { ProblemText } from '../../app/CoreText';
import { formatBytes, useStrings } from '../../i18n';
import { libraryStrings } from './i18n';

export function ItemFacts({ item }: { item: ItemDetail }) {
  const t = useStrings(libraryStrings);
  return (
    <section className="panel-section">
      <div className="panel-section-title">{t.details}</div>
      <dl className="facts">
        <dt>{t.resolution}</dt>
        <dd>{item.width && item.height ? `${item.width} × ${item.height}` : '—'}</dd>
        <dt>{t.size}</dt>
        <dd>{formatBytes(item.byteSize)}</dd>
        <dt>{t.format}</dt>
        <dd translate="no">{item.format?.toUpperCase() ?? '—'}</dd>
        <dt>{t.status}</dt>
        <dd>{t.itemStatus[item.status]}</dd>
        {item.error && (
          <>
            <dt>{t.problem}</dt>
            <dd style={{ color: 'var(--mantine-color-red-text)' }}>
              <ProblemText code={item.errorCode} message={item.error} />
            </dd>
          </>
        )}
        <dt>{t.path}</dt>
        <dd translate="no" style={{ userSelect: 'text' }}>
          {item.absPath}
        </dd>
      </dl>
    </section>
  );
}
