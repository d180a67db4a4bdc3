"""A stand-in for kohya-ss musubi-tuner and sd-scripts: the same command lines, console output, TensorBoard event
files, checkpoints and state folders, without a GPU or any third-party package. Atelier's supervisor tests run it."""
