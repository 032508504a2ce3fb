import { describeFanOutContract } from './fan-out.contract.ts';
import { LocalFanOut } from './local-fan-out.ts';

describeFanOutContract('in-process', async () => {
  const bus = new LocalFanOut();
  return { nodes: [bus, bus], settle: async () => {}, dispose: () => bus.close() };
});
