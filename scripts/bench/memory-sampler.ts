// node --import tsx memory-sampler.ts PID: samples the memory of PID and everything it started
// every 100 ms, leaving itself out, until its stdin closes; then prints the peak in MB.
import { treeMemoryMb } from './measure.ts';

const root = Number(process.argv[2]);
let peakMb = treeMemoryMb(root, process.pid);
const timer = setInterval(() => (peakMb = Math.max(peakMb, treeMemoryMb(root, process.pid))), 100);
process.stdin.resume();
process.stdin.on('end', () => {
  clearInterval(timer);
  console.log(Math.max(peakMb, treeMemoryMb(root, process.pid)).toFixed(1));
});
