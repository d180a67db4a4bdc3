import { Fragment } from 'react';

/** Text whose `backticked` parts are names kept as they are (files, packages, flags): shown as code and left out
 * of translation. */
export function RichText({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((p, i) =>
        i % 2 ? (
          <code key={i} translate="no" className="rich-code">
            {p}
          </code>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}
