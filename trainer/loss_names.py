"""The training losses by name, without torch: the command line and the Train tab list
them without loading the training code (trainer/losses.py implements them)."""

LOSSES = ("mse", "l1", "huber", "classification", "perceptual", "contrastive", "adversarial")
DEFAULT_LOSS = "classification"
# Default adversarial weight for --loss adversarial (L1 + adversarial, as the seed GAN).
ADVERSARIAL_WEIGHT = 0.02
