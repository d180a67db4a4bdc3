import { useEffect } from 'react';
import { Tabs } from '@mantine/core';
import type { PageDef } from '../../app/extensions';
import { makeIcon } from '../../app/icons';
import { notifyError } from '../../app/notify';
import { useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { trainingStrings } from './i18n';
import { NewRun } from './NewRun';
import { RunsView } from './RunsView';
import { SetupPanel } from './SetupPanel';
import { trainingStoreFor, useTraining } from './training-store';
import './training.css';

const IconTrain = makeIcon(['M3 17l5-6 4 4 8-9', 'M14 6h6v6']);

/** The Training page: configure a run, follow the queue and each run's chart, set up engines and model files. */
function TrainingPage() {
  const { conn } = useStudio();
  const t = useStrings(trainingStrings);
  const store = trainingStoreFor(conn, notifyError);
  const tab = useTraining(store, (s) => s.tab);
  useEffect(() => {
    store.getState().init().catch(notifyError);
  }, [store]);
  return (
    <Tabs value={tab} onChange={(v) => v && store.getState().setTab(v)} className="training-page" data-testid="training-page" keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="new" data-testid="tab-new">
          {t.tabNew}
        </Tabs.Tab>
        <Tabs.Tab value="runs" data-testid="tab-runs">
          {t.tabRuns}
        </Tabs.Tab>
        <Tabs.Tab value="setup" data-testid="tab-setup">
          {t.tabSetup}
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="new" className="training-tab">
        <NewRun store={store} />
      </Tabs.Panel>
      <Tabs.Panel value="runs" className="training-tab">
        <RunsView store={store} />
      </Tabs.Panel>
      <Tabs.Panel value="setup" className="training-tab">
        <SetupPanel />
      </Tabs.Panel>
    </Tabs>
  );
}

export const trainingPage: PageDef = {
  id: 'training',
  order: 30,
  label: { en: trainingStrings.en.pageLabel, 'zh-CN': trainingStrings['zh-CN'].pageLabel },
  icon: IconTrain,
  component: TrainingPage,
  needsDataset: false,
  noticesAt: 'bottom',
};
