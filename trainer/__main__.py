"""`python -m trainer DATA_DIR --out RUN_DIR ...`: training without the app, e.g. under torchrun."""

import argparse
import sys

from trainer.commands import add_train_arguments, run_train

parser = argparse.ArgumentParser(prog="python -m trainer", description="Train a colorization model.")
add_train_arguments(parser)
sys.exit(run_train(parser.parse_args()))
