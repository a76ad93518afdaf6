// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';
// Unit tests read only the repository: see tests/repository-only.js.
import './tests/repository-only';
