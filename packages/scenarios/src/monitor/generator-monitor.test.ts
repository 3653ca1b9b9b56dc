import { describe, expect, it } from 'vitest';
import { GeneratorMonitor } from './generator-monitor.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('GeneratorMonitor', () => {
  it('sees a blocked event loop: utilisation, lag and CPU', async () => {
    const monitor = new GeneratorMonitor();
    monitor.start();
    await sleep(50);
    busyWait(300);
    await sleep(50);
    const sample = monitor.stop();
    expect(sample.wallSeconds).toBeGreaterThan(0.35);
    // 300 ms of ~400 ms busy; generous bounds, the machine is shared
    expect(sample.eventLoopUtilization).toBeGreaterThan(0.5);
    expect(sample.eventLoopLagMaxMs).toBeGreaterThan(200);
    expect(sample.cpuCores).toBeGreaterThan(0.2);
  });

  it('sees an idle loop as idle', async () => {
    const monitor = new GeneratorMonitor();
    monitor.start();
    await sleep(300);
    const sample = monitor.stop();
    expect(sample.eventLoopUtilization).toBeLessThan(0.5);
    expect(sample.eventLoopLagP99Ms).toBeLessThan(100);
  });

  it('a monitor that was never started reports zeros', () => {
    expect(new GeneratorMonitor().stop()).toMatchObject({
      wallSeconds: 0,
      eventLoopUtilization: 0,
      cpuCores: 0,
    });
  });
});
