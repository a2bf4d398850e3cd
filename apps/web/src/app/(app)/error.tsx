'use client';

// Inside the shell, so the navigation stays when a page fails (the root one catches the shell's own failures).
export { default } from '../error';
