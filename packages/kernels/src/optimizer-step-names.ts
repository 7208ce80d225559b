/** Kernel names of the fused optimizer steps (called by @dl/optim through `tf.engine().runKernel`). */
export const DlAdamStep = 'DlAdamStep';
export const DlSgdStep = 'DlSgdStep';
export const DlRmspropStep = 'DlRmspropStep';
export const DlAdagradStep = 'DlAdagradStep';

/** The fused optimizer step kernel names. */
export const optimizerStepKernelNames: readonly string[] = [DlAdamStep, DlSgdStep, DlRmspropStep, DlAdagradStep];
