/**
 * Lab for "Jobs and CronJobs": the classic perl Job that prints pi, run several times in
 * parallel; a broken Job (a typo in its command) that uses up its retries, which the
 * learner diagnoses and replaces; and a CronJob whose runs outlast its schedule, so
 * concurrencyPolicy Forbid has to hold runs back.
 */
import { defineLab } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

const piYaml = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  completions: 3       # three successful pods in total
  parallelism: 2       # at most two at a time
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: pi
          image: perl:5.34.0
          command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
`;

const greeterBroken = `apiVersion: batch/v1
kind: Job
metadata:
  name: greeter
spec:
  backoffLimit: 3
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: greeter
          image: busybox:1.36
          command: ["sh", "-c", "ech0 hello from the greeter job"]
`;

const cronYaml = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "*/1 * * * *"      # every minute
  concurrencyPolicy: Forbid    # never start a run while the last one is still going
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: busybox:1.36
              command: ["sh", "-c", "echo building the report; sleep 90; echo done"]
`;

type Cond = { type: string; status: string; reason?: string };
type Job = KObject & {
  spec?: { completions?: number; parallelism?: number; template?: { spec?: { containers?: { command?: string[]; args?: string[] }[] } } };
  status?: { succeeded?: number; failed?: number; active?: number; conditions?: Cond[] };
};
type Cron = KObject & { spec?: { schedule?: string; concurrencyPolicy?: string }; status?: { lastScheduleTime?: string } };
type Ev = KObject & { reason?: string; involvedObject?: { kind?: string; name?: string }; count?: number };

const cond = (j: Job | undefined, type: string) => j?.status?.conditions?.find((c) => c.type === type && c.status === 'True');

export default defineLab({
  id: 'jobs-batch',
  title: 'Run batch work with Jobs and CronJobs',
  start: { seed: 8, manifests: [greeterBroken], settle: '30s' },
  files: [
    { name: 'pi.yaml', content: piYaml },
    { name: 'greeter.yaml', content: greeterBroken },
    { name: 'report-cron.yaml', content: cronYaml },
  ],
  tasks: [
    {
      id: 'pi-complete',
      title: 'Job pi completes 3 times, at most 2 pods at a time',
      check: (k) => {
        const j = k.get('jobs', 'pi') as Job | undefined;
        if (!j) return 'There is no Job named pi yet.';
        if (j.spec?.completions !== 3 || j.spec?.parallelism !== 2) return 'pi should ask for completions: 3 and parallelism: 2.';
        if (cond(j, 'Failed')) return 'pi failed. Read its pods’ logs, delete it and try again.';
        return (cond(j, 'Complete') && j.status?.succeeded === 3) || `pi has ${j.status?.succeeded ?? 0} of 3 completions.`;
      },
    },
    {
      id: 'greeter-gave-up',
      title: 'The broken Job greeter ran out of retries (BackoffLimitExceeded)',
      check: (k) => {
        const j = k.get('jobs', 'greeter') as Job | undefined;
        if (j?.status?.conditions?.some((c) => c.type === 'Failed' && c.status === 'True' && c.reason === 'BackoffLimitExceeded')) return true;
        // The learner may already have deleted it: the Warning event outlives the Job.
        const seen = (k.list('events') as Ev[]).some(
          (e) => e.reason === 'BackoffLimitExceeded' && e.involvedObject?.kind === 'Job' && e.involvedObject?.name === 'greeter',
        );
        return seen || `greeter has failed ${j?.status?.failed ?? 0} time(s); it gives up after its 4th failed pod (backoffLimit: 3). Let time run.`;
      },
    },
    {
      id: 'greeter-fixed',
      title: 'A corrected Job greeter completes',
      check: (k) => {
        const j = k.get('jobs', 'greeter') as Job | undefined;
        if (!j) return 'There is no Job named greeter. Re-create it with the command fixed.';
        if (cond(j, 'Failed')) return 'greeter is still the failed Job. Its pod template cannot be edited: delete it, fix greeter.yaml, apply.';
        return !!cond(j, 'Complete') || 'greeter has not completed yet.';
      },
    },
    {
      id: 'cron-forbid',
      title: 'CronJob report runs every minute with concurrencyPolicy Forbid',
      check: (k) => {
        const c = k.get('cronjobs', 'report') as Cron | undefined;
        if (!c) return 'There is no CronJob named report yet.';
        if (c.spec?.concurrencyPolicy !== 'Forbid') return `report's concurrencyPolicy is ${c.spec?.concurrencyPolicy ?? 'Allow'}, not Forbid.`;
        return !!c.status?.lastScheduleTime || 'report has not started a Job yet (the first run comes at the next whole minute).';
      },
    },
    {
      id: 'cron-held-back',
      title: 'Forbid in action: report held back a run because the last one was still running (JobAlreadyActive)',
      check: (k) => {
        const heldBack = (k.list('events') as Ev[]).some(
          (e) => e.reason === 'JobAlreadyActive' && e.involvedObject?.kind === 'CronJob' && e.involvedObject?.name === 'report',
        );
        if (heldBack) return true;
        const runs = k.list('jobs').filter((j) => j.metadata.ownerReferences?.some((r) => r.kind === 'CronJob' && r.name === 'report'));
        return `report has started ${runs.length} Job(s) and has not held back a run yet. Each run takes 90 s; let a few minutes pass.`;
      },
    },
  ],
  hints: [
    'Apply pi.yaml and watch: kubectl get jobs -w, or kubectl get pods -l job-name=pi. Two pods run, then a third.',
    'For greeter: kubectl get pods -l job-name=greeter shows pods in Error; kubectl logs on one of them says what went wrong; kubectl describe job greeter shows the BackoffLimitExceeded event once it gives up.',
    'A Job’s pod template cannot be changed. kubectl delete job greeter, fix the typo (ech0 → echo) in greeter.yaml, Apply.',
    'Apply report-cron.yaml, speed time up, and run kubectl describe cronjob report: a JobAlreadyActive event appears when a run comes due while the last one is still running.',
  ],
  solution: {
    files: [
      { name: 'pi.yaml', content: piYaml },
      { name: 'report-cron.yaml', content: cronYaml },
    ],
    commands: [
      'sleep 3m',
      'kubectl logs job/greeter',
      'kubectl describe job greeter',
      'kubectl delete job greeter',
      'sleep 5s',
      'kubectl create job greeter --image=busybox:1.36 -- sh -c "echo hello from the greeter job"',
    ],
    wait: '3m',
  },
});
