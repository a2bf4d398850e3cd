'use client';

import { describeOutcome, summarizeReport } from '@allocation/csv-import/report';
import {
  Alert,
  Button,
  FileInput,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import {
  applyFile,
  COLUMNS,
  checkFile,
  type ImportKind,
  type ImportReport,
  type Problem,
  resultCsv,
  tooLarge,
  whereOf,
} from './import-file';

type Checked = Awaited<ReturnType<typeof checkFile>>;
/** Rows of the result shown on the page; the download has every one. */
const SHOWN_RESULTS = 500;

export function ImportWorkspace() {
  const [kind, setKind] = useState<ImportKind>('batches');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  const [busy, setBusy] = useState<'checking' | 'applying' | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);

  const reset = () => {
    setError(null);
    setChecked(null);
    setProblems([]);
    setProgress(null);
    setReport(null);
  };

  const check = async () => {
    if (!file) return;
    reset();
    const refusal = tooLarge(file);
    if (refusal) return setError(refusal);
    setBusy('checking');
    try {
      const body = await checkFile(kind, file);
      setChecked(body);
      setProblems(body.problems);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const apply = async () => {
    if (!file || !checked) return;
    setBusy('applying');
    setProgress({ done: 0, total: checked.rows });
    try {
      setReport(await applyFile(kind, file, (done, total) => setProgress({ done, total })));
    } catch (failure) {
      const refused = (failure as { problems?: Problem[] }).problems;
      if (refused) setProblems(refused);
      setError((failure as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const download = () => {
    if (!report) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(resultCsv(report));
    link.download = `import-result-${report.file.replace(/\.csv$/i, '')}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const percent = progress && progress.total > 0 ? (progress.done / progress.total) * 100 : 0;
  return (
    <Stack gap="lg">
      <Paper>
        <Stack gap="sm">
          <SegmentedControl
            aria-label="What the file holds"
            value={kind}
            onChange={(value) => {
              setKind(value as ImportKind);
              reset();
            }}
            data={[
              { value: 'batches', label: 'Batches' },
              { value: 'orders', label: 'Order lines' },
            ]}
            w="fit-content"
          />
          <Text size="sm" c="dimmed">
            Columns: <code>{COLUMNS[kind]}</code>
            {kind === 'batches' ? ' (an empty eta: in the warehouse)' : ' (each line is allocated)'}.
          </Text>
          <Group align="flex-end" gap="sm">
            <FileInput
              label="CSV file"
              placeholder="Choose a .csv file"
              accept=".csv,text/csv"
              value={file}
              onChange={(chosen) => {
                setFile(chosen);
                reset();
              }}
              clearable
              w={320}
            />
            <Button onClick={check} disabled={!file || busy !== null} loading={busy === 'checking'}>
              Check file
            </Button>
          </Group>
        </Stack>
      </Paper>

      {error ? (
        <Alert color="red" variant="light" title="Not imported" role="alert">
          {error}
        </Alert>
      ) : null}

      {problems.length > 0 ? <ProblemList problems={problems} /> : null}

      {checked && problems.length === 0 ? (
        <Paper>
          <Stack gap="sm">
            <Title order={3} size="h4">
              {checked.file}: {checked.rows} {checked.rows === 1 ? 'row' : 'rows'}, no problem
            </Title>
            <PreviewTable checked={checked} />
            {report === null ? (
              <Group>
                <Button onClick={apply} disabled={busy !== null} loading={busy === 'applying'}>
                  Import {checked.rows} {checked.rows === 1 ? 'row' : 'rows'}
                </Button>
              </Group>
            ) : null}
            {progress ? (
              <Stack gap={4}>
                <Progress value={percent} aria-label="Import progress" size="lg" />
                <Text size="sm" c="dimmed" aria-live="polite">
                  {progress.done} of {progress.total} rows applied
                </Text>
              </Stack>
            ) : null}
          </Stack>
        </Paper>
      ) : null}

      {report ? (
        <Paper>
          <Stack gap="sm">
            <Title order={3} size="h4">
              Result
            </Title>
            <Alert color={report.changed ? 'green' : 'gray'} variant="light" role="status">
              {summarizeReport(report)}
            </Alert>
            <Group>
              <Button variant="default" onClick={download}>
                Download result (CSV)
              </Button>
            </Group>
            <Table aria-label="Import result" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Line</Table.Th>
                  <Table.Th>Row</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.results.slice(0, SHOWN_RESULTS).map((row) => (
                  <Table.Tr key={row.line}>
                    <Table.Td>{row.line}</Table.Td>
                    <Table.Td>{row.key}</Table.Td>
                    <Table.Td>{describeOutcome(row.outcome)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {report.results.length > SHOWN_RESULTS ? (
              <Text size="sm" c="dimmed">
                The first {SHOWN_RESULTS} of {report.results.length} rows; the download has every one.
              </Text>
            ) : null}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}

function ProblemList({ problems }: { problems: readonly Problem[] }) {
  return (
    <Paper>
      <Stack gap="sm">
        <Alert color="red" variant="light" title="Nothing will be imported" role="alert">
          {problems.length} {problems.length === 1 ? 'problem' : 'problems'} in the file: fix{' '}
          {problems.length === 1 ? 'it' : 'them'} and check the file again.
        </Alert>
        <Table aria-label="Problems" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Where</Table.Th>
              <Table.Th>Problem</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {problems.map((problem, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own, and never reorder
              <Table.Tr key={index}>
                <Table.Td>{whereOf(problem)}</Table.Td>
                <Table.Td>{problem.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}

function PreviewTable({ checked }: { checked: Checked }) {
  const columns = COLUMNS[checked.kind].split(',');
  return (
    <Table aria-label="Preview" striped>
      <Table.Caption>The first {checked.preview.length} rows</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Line</Table.Th>
          {columns.map((column) => (
            <Table.Th key={column}>{column}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {checked.preview.map((row) => (
          <Table.Tr key={row.line}>
            <Table.Td>{row.line}</Table.Td>
            {columns.map((column) => (
              <Table.Td key={column}>{String(row.value[column] ?? '')}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
