import type { Metadata } from 'next';
import { ProblemPage } from '../components/problem-page';

export const metadata: Metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <ProblemPage kicker="404 · Not found" title="There is no such page">
      The address may be mistyped, or the page may have moved. Every page of the service is in the navigation.
    </ProblemPage>
  );
}
