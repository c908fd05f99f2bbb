/**
 * The emulator a test file shares: started on 127.0.0.1 before its first test, closed by its handle after the
 * last. `const emulator = useEmulator(options)` at the top of a file replaces the let/beforeAll/afterAll block;
 * the value reads and writes through to the running emulator, so it can be passed around like the handle.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from '../../cli/src/emulator';

export function useEmulator(options: EmulatorOptions | (() => EmulatorOptions) = {}): Emulator {
	let running: Emulator | undefined;
	beforeAll(async () => {
		running = await startEmulator(typeof options === 'function' ? options() : options);
	});
	afterAll(async () => {
		await running?.close();
		running = undefined;
	});
	const current = (): Emulator => {
		if (!running) throw new Error('useEmulator: the emulator runs only inside this file\'s tests (beforeAll to afterAll)');
		return running;
	};
	return new Proxy({} as Emulator, {
		get: (_, key) => {
			const value = Reflect.get(current(), key);
			return typeof value === 'function' ? value.bind(current()) : value;
		},
		set: (_, key, value) => Reflect.set(current(), key, value),
		has: (_, key) => key in current(),
	});
}
