"""One training run: set-up, the step loop with its time budget, validation.

The learning-rate schedule is a function of the step and each epoch's draw a function of
(seed, epoch), so ``--resume`` from the checkpoint (trainer/checkpoints.py) reproduces the
uninterrupted run. Under ``torchrun`` every process trains on its own slice of each batch
with DDP; only rank 0 writes files. The model file and its card: trainer/model_export.py.
"""

from __future__ import annotations

import datetime
import math
import os
import time
from contextlib import nullcontext
from dataclasses import asdict
from pathlib import Path

import torch
import torch.distributed as distributed
from torch.nn import functional
from torch.nn.parallel import DistributedDataParallel

from colorizer_app.core.color import lab_to_rgb_in_gamut, rgb_to_lab
from colorizer_app.core.devices import describe_device, fast_dtype, pick_device
from colorizer_app.core.model_files import ModelCard, save_model
from colorizer_app.core.models import ColorizationNet, build_model, make_model_input
from trainer import bins, run_lock, run_setup, stop_signals
from trainer.checkpoints import (  # noqa: F401 (CHECKPOINT re-exported)
    CHECKPOINT,
    check_same_run,
    read_checkpoint,
    restore_checkpoint,
    save_checkpoint,
    saved_network,
)
from trainer.config import TrainConfig
from trainer.data import VALIDATION_SIZE, centre_batches, sample_crops
from trainer.events import BUDGET_REACHED, EventLog, say
from trainer.film_look import film_lightness
from trainer.gan import PatchDiscriminator, critic_loss, generator_loss
from trainer.losses import Objective, head_for
from trainer.metrics import MetricTotals
from trainer.model_export import export_model, model_card, save_preview
from trainer.pretrained import load_imagenet_encoder
from trainer.self_distill import Teacher
from trainer.stop_signals import STOPPED_BY

WARMUP_STEPS = 200
CALIBRATION_STEPS = 20


class Training:
    """A run in progress. ``run()`` trains until done, out of time, or asked to stop."""

    def __init__(self, config: TrainConfig, resume: bool = False) -> None:
        config.validate()
        self.config = config
        self.resume = resume
        self.out = Path(config.out)
        self.rank = int(os.environ.get("RANK", 0))
        self.world = int(os.environ.get("WORLD_SIZE", 1))
        self.is_writer = self.rank == 0
        self.stop_reason: str | None = None
        self.folder_lock = None  # this process's hold on the run folder (trainer/run_lock.py)

    # ----- set-up -------------------------------------------------------------------
    def prepare(self) -> None:
        """Load data, build the model and optimiser, and restore the checkpoint when resuming."""
        config = self.config
        if self.world > 1 and not distributed.is_initialized():
            backend = "nccl" if torch.cuda.is_available() and config.device != "cpu" else "gloo"
            distributed.init_process_group(backend)
        self.device = pick_device(config.device)
        if self.device.type == "cuda" and self.world > 1:
            self.device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
        self.out.mkdir(parents=True, exist_ok=True)
        if self.is_writer:
            self.folder_lock = run_lock.hold_run_folder(self.out)
        self.events = EventLog(self.out / "events.jsonl" if self.is_writer else None)
        self.dtype = fast_dtype(self.device) if config.precision == "auto" else None

        self.train_cache, self.val_cache, self.train_indices, self.val_indices = run_setup.load_photos(self)
        self.draw_chance = run_setup.draw_chances(self.train_cache.paths, self.train_indices, config.folder_weights)
        self.steps_per_epoch = max(1, int(self.draw_chance.sum()) // (config.batch_size * self.world))
        self._epoch_order: tuple[int, torch.Tensor] | None = None

        arch_config = dict(config.arch_config)
        arch_config["head"] = head_for(config.loss)
        self.bin_centres = self.bin_weights = None
        if arch_config["head"] == "classification":
            self.bin_centres = bins.gamut_bin_centres()
            counts = bins.count_bins(self.train_cache.pixels, self.train_indices, self.bin_centres)
            self.bin_weights = bins.rebalancing_weights(counts, self.bin_centres)
            arch_config["bins"] = self.bin_centres.tolist()
        self.arch_config = arch_config
        torch.manual_seed(config.seed)
        checkpoint = read_checkpoint(self.out) if self.resume else None
        if checkpoint is not None:
            check_same_run(checkpoint, self)
        saved = saved_network(checkpoint) if checkpoint is not None else None
        if saved is not None:  # the network the checkpoint holds, whatever today's defaults are
            net, self.arch_config = saved
        elif config.init:  # a fine-tune (or its checkpoint from before networks were described)
            net, self.arch_config = run_setup.start_from_model(config.init, config.arch, arch_config, config.train_only == "hint-spread")
        else:
            net = build_model(config.arch, arch_config)
        if config.pretrained and not (config.init or self.resume):  # those bring their own trained encoder
            load_imagenet_encoder(net)
        self.net = net.to(self.device).to(memory_format=torch.channels_last)
        self.objective = Objective(config.loss, self.bin_centres, self.bin_weights, config.regression_weight).to(self.device)
        self.optimizer = torch.optim.AdamW(run_setup.parameter_groups(self.net, config), lr=config.lr, weight_decay=config.weight_decay)
        self.critic = self.critic_optimizer = None
        if config.adversarial > 0:
            self.critic = PatchDiscriminator().to(self.device)
            self.critic_optimizer = torch.optim.AdamW(self.critic.parameters(), lr=config.lr / 4, betas=(0.5, 0.999))
        self.model = DistributedDataParallel(self.net) if self.world > 1 else self.net
        self.teacher = Teacher(config.teacher or config.init, self.device) if config.self_distill else None
        if config.teacher:
            self.teacher.check_fits(self.net)
            if saved is None:  # a checkpoint's network already has it
                self.arch_config = self.teacher.lend_readout(self.net, self.arch_config)

        self.generator = torch.Generator().manual_seed(config.seed * 7919 + self.rank)
        self.step = 0
        self.total_steps = math.ceil(config.epochs * self.steps_per_epoch) if config.epochs else None
        self.trained_seconds = 0.0
        self.best = {"loss": math.inf, "step": -1, "metrics": {}}
        self.resumed_from = 0
        if checkpoint is not None:
            restore_checkpoint(self, checkpoint)

    # ----- checkpoints and export (trainer/checkpoints.py, trainer/model_export.py) -----
    def save_checkpoint(self) -> Path | None:
        return save_checkpoint(self)

    def _card(self, metrics: dict) -> ModelCard:
        return model_card(self, metrics)

    @property
    def model_name(self) -> str:
        return self.config.name or f"{self.config.arch}-{self.config.loss}-{self.out.resolve().name}"

    def export(self, complete: bool = True) -> Path | None:
        """The best validated weights as a model file in RUN_DIR; a complete run's is also
        registered as a user model (see trainer/model_export.py)."""
        return export_model(self, complete)

    # ----- the loop -----------------------------------------------------------------
    def learning_rate(self, step: int) -> float:
        return run_setup.learning_rate(step, self.config.lr, self.total_steps, WARMUP_STEPS)

    def _batch_indices(self, step: int) -> torch.Tensor:
        epoch, position = divmod(step, self.steps_per_epoch)
        if self._epoch_order is None or self._epoch_order[0] != epoch:
            self._epoch_order = (epoch, run_setup.epoch_order(self.draw_chance, self.config.seed * 100003 + epoch))
        order = self._epoch_order[1]
        size = self.config.batch_size
        start = (position * self.world + self.rank) * size
        picked = order[torch.arange(start, start + size) % len(order)]
        return torch.from_numpy(self.train_indices[picked.numpy()])

    def _autocast(self):
        return torch.autocast(self.device.type, dtype=self.dtype) if self.dtype else nullcontext()

    def train_step(self) -> tuple[float, dict]:
        config = self.config
        for group in self.optimizer.param_groups:
            group["lr"] = self.learning_rate(self.step) * group.get("lr_scale", 1.0)
        rgb = sample_crops(self.train_cache.pixels, self._batch_indices(self.step), config.crop, self.generator).to(self.device)
        lab = rgb_to_lab(rgb)
        clean, target_ab = lab[:, :1], lab[:, 1:]
        lightness = clean
        if config.film_look:  # the network sees an old print's grey; the colour to learn stays the truth's
            lightness = film_lightness(rgb, self.generator, config.film_look, clean=clean, blur=config.film_look_blur).to(self.device)
        hint_ab, hint_mask = run_setup.training_hints(target_ab, config, self.generator)
        model_input = make_model_input(lightness, hint_ab, hint_mask).contiguous(memory_format=torch.channels_last)
        small_l, small_ab = functional.avg_pool2d(lab, self.net.output_stride).split((1, 2), dim=1)  # at the output's size
        run_setup.set_training_mode(self.model, self.net, config)
        with self._autocast():
            output = self.model(model_input)
        if self.teacher is not None:  # the colour to learn: the starting model's own, of the clean photo
            with self._autocast():
                target = self.teacher.distribution(make_model_input(clean, hint_ab, hint_mask))
            truth = lambda: self.objective(output, small_ab, small_l)[0]  # noqa: E731
            loss, parts = self.teacher.objective(target, output, truth, config.self_distill_truth)
        else:
            loss, parts = self.objective(output, small_ab, small_l)
        if self.critic is not None:
            fake_ab = self.net.ab_from_output(output)
            adversarial = generator_loss(self.critic, small_l, fake_ab)
            loss = loss + config.adversarial * adversarial
            parts["adversarial"] = adversarial.item()
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.net.parameters(), 5.0)
        self.optimizer.step()
        if self.critic is not None:
            critic = critic_loss(self.critic, small_l, small_ab, fake_ab)
            self.critic_optimizer.zero_grad(set_to_none=True)
            critic.backward()
            self.critic_optimizer.step()
            parts["critic"] = critic.item()
        self.step += 1
        return loss.item(), parts

    def _forward(self, net: ColorizationNet, model_input: torch.Tensor) -> torch.Tensor:
        with self._autocast():
            return net(model_input.contiguous(memory_format=torch.channels_last))

    @torch.no_grad()
    def validate(self, net: ColorizationNet | None = None) -> dict:
        """Validation loss and metrics at 256x256 on the held-out photos, plus a preview image
        (of the run's network, or of ``net``, e.g. the best weights with a calibrated readout)."""
        net = (net or self.net).eval()
        totals = MetricTotals()
        loss_sum, count = 0.0, 0
        previews = []
        for start, rgb in centre_batches(self.val_cache.pixels, self.val_indices, VALIDATION_SIZE, self.device):
            lab = rgb_to_lab(rgb)
            lightness, target_ab = lab[:, :1], lab[:, 1:]
            seen = run_setup.validation_lightness(rgb, lightness, self.config, start)
            stride = net.output_stride
            small_l, small_ab = functional.avg_pool2d(lab, stride).split((1, 2), dim=1)
            hints = run_setup.validation_hints(target_ab, self.config, start)
            output = self._forward(net, make_model_input(seen, *hints))
            loss, _ = self.objective(output, small_ab, small_l)
            if hints[0] is not None:  # the loss is with hints; the card's figures stay those of automatic colour
                output = self._forward(net, make_model_input(seen))
            loss_sum += loss.item() * rgb.shape[0]
            count += rgb.shape[0]
            ab = net.ab_from_output(output)
            ab = functional.interpolate(ab, size=rgb.shape[-2:], mode="bilinear", align_corners=False) if stride > 1 else ab
            predicted = lab_to_rgb_in_gamut(lightness, ab)
            totals.add(predicted.cpu(), rgb.cpu())
            if start == 0:
                previews = [
                    (lab_to_rgb_in_gamut(lightness[i], torch.zeros_like(ab[i])), predicted[i], rgb[i]) for i in range(min(6, rgb.shape[0]))
                ]
        metrics = totals.result()
        return {"loss": loss_sum / max(1, count), "metrics": metrics, "previews": previews}

    def _validate_and_record(self) -> None:
        if not self.is_writer or not len(self.val_indices):
            return
        result = self.validate()
        is_best = result["loss"] < self.best["loss"]
        if is_best:
            self.best = {"loss": result["loss"], "step": self.step, "metrics": result["metrics"]}
            save_model(self.net, self._card(result["metrics"]), self.out / "best.safetensors")
        epoch = self.step / self.steps_per_epoch
        self.events.emit("validation", step=self.step, epoch=round(epoch, 3), loss=result["loss"], metrics=result["metrics"], best=is_best)
        m = result["metrics"]
        say(
            f"validation at step {self.step}: loss {result['loss']:.4f}, PSNR {m['psnr']:.2f} dB, ΔCF {m['delta_colorfulness']:.1f}, CIEDE2000 {m['ciede2000']:.2f}"
        )
        if result["previews"]:
            path = self.out / "previews" / f"step-{self.step:07d}.png"
            save_preview(result["previews"], path)
            self.events.emit("preview", step=self.step, path=str(path))

    def run(self) -> Path | None:
        """Train; returns the exported model file (rank 0) or None."""
        try:
            self.prepare()
        except Exception as error:
            if hasattr(self, "events"):
                self.events.emit("failed", message=str(error), details=getattr(error, "details", ""))
                self.events.close()
            run_lock.release_run_folder(self.folder_lock)
            raise
        handlers = stop_signals.install(self)
        try:
            return self._loop()
        except Exception as error:
            self.events.emit("failed", message=f"{type(error).__name__}: {error}")
            raise
        finally:
            stop_signals.restore(handlers)
            self.events.close()
            run_lock.release_run_folder(self.folder_lock)

    def _loop(self) -> Path | None:
        config = self.config
        self.events.emit(
            "start",
            config=asdict(config),
            device=describe_device(self.device),
            total_steps=self.total_steps,
            resumed_from_step=self.resumed_from,
            parameters=sum(p.numel() for p in self.net.parameters()),
            world_size=self.world,
        )
        say(
            f"training {config.arch} with {config.loss} loss on {describe_device(self.device)}"
            + (f" x{self.world}" if self.world > 1 else "")
        )
        budget = config.minutes * 60 if config.minutes else math.inf
        session_start = time.monotonic()
        last_checkpoint = session_start
        last_report = 0.0
        steps_at_start = self.step
        rate = None
        from_budget = False  # total_steps estimated in this invocation from --minutes
        reserve = 5.0  # seconds kept for the final validation and export, re-measured below
        while self.total_steps is None or self.step < self.total_steps:
            if self.stop_reason:
                break
            if config.max_steps is not None and self.step - steps_at_start >= config.max_steps:
                self.stop_reason = f"--max-steps {config.max_steps} reached"
                break
            elapsed = time.monotonic() - session_start
            if elapsed > budget - reserve:
                self.stop_reason = self.stop_reason or BUDGET_REACHED
                break
            step_start = time.monotonic()
            loss, parts = self.train_step()
            self.trained_seconds += time.monotonic() - step_start
            done_here = self.step - steps_at_start
            rate = done_here / max(1e-6, time.monotonic() - session_start)
            # A time budget sets the schedule's length from the measured speed: first after a few
            # steps, then refined until warm-up ends (the rate settles; the warm-up does not depend on it).
            if done_here >= CALIBRATION_STEPS and (self.total_steps is None or (from_budget and self.step <= WARMUP_STEPS)):
                from_budget = True
                self.total_steps = self.step + int(rate * (budget - (time.monotonic() - session_start) - reserve))
                self.total_steps = max(self.total_steps, self.step + 1)
            eta = (self.total_steps - self.step) / rate if self.total_steps and rate else None
            if eta is None and math.isfinite(budget):  # before the length is measured, the budget says how long is left
                eta = max(0.0, budget - (time.monotonic() - session_start) - reserve)
            self.events.emit(
                "step",
                step=self.step,
                total_steps=self.total_steps,
                epoch=round(self.step / self.steps_per_epoch, 4),
                loss=loss,
                parts=parts,
                lr=self.learning_rate(self.step - 1),
                images_per_second=round(rate * config.batch_size * self.world, 2),
                eta_seconds=round(eta, 1) if eta is not None else None,
            )
            now = time.monotonic()
            if now - last_report > 10:
                last_report = now
                eta_text = f", ETA {datetime.timedelta(seconds=int(eta))}" if eta is not None else ""
                say(
                    f"step {self.step}/{self.total_steps or '?'} loss {loss:.4f}, {rate * config.batch_size * self.world:.1f} img/s{eta_text}"
                )
            if self.step % self.steps_per_epoch == 0:
                validation_start = time.monotonic()
                self._validate_and_record()
                reserve = max(reserve, (time.monotonic() - validation_start) * 1.5 + 5)
            # the first checkpoint comes early, so a run killed in its first minutes can resume
            first_checkpoint = done_here == CALIBRATION_STEPS and self.resumed_from == 0
            if first_checkpoint or now - last_checkpoint > config.checkpoint_minutes * 60:
                self.save_checkpoint()
                last_checkpoint = time.monotonic()

        finished = self.total_steps is not None and self.step >= self.total_steps
        # Stop from the window (a signal) is prompt: no last validation pass (it took most of the
        # ~20 s a Stop took) when one is on record; the checkpoint holds every step for Resume.
        stopped_by_user = (self.stop_reason or "").startswith(STOPPED_BY) and self.best["step"] >= 0
        if (self.step % self.steps_per_epoch != 0 or self.best["step"] < 0) and not stopped_by_user:
            self._validate_and_record()
        checkpoint = self.save_checkpoint()
        # a run that used up its time budget is complete too; one stopped early is not a model yet
        complete = finished or self.stop_reason == BUDGET_REACHED
        model_path = self.export(complete)
        if finished:
            self.events.emit(
                "finished",
                step=self.step,
                elapsed_seconds=round(self.trained_seconds, 1),
                model=str(model_path),
                metrics=self.best["metrics"],
            )
            say(f"finished: {model_path}")
        else:
            self.events.emit("stopped", step=self.step, reason=self.stop_reason, checkpoint=str(checkpoint))
            later = "" if complete or not model_path else f", or add the model so far with `colorizer import {model_path}`"
            say(f"stopped at step {self.step} ({self.stop_reason}); resume with --resume{later}")
        if self.world > 1:
            distributed.barrier()
        return model_path
