// SPDX-License-Identifier: Apache-2.0 OR GPL-2.0-only
/*
 * tessera_shm: a Tessera shared region (compatible "tessera,shmem") as a
 * UIO device. map0 is the region, map1 its doorbell page; the doorbell SPI
 * is a UIO event. Like uio_pdrv_genirq (which Debian's arm64 and armmp
 * kernels do not build): the handler masks the (level) line, user space acknowledges
 * PENDING (doorbell page + 0x4) and re-enables it by writing a 32-bit 1 to
 * /dev/uioN. 32-bit clean: the region and doorbell page are whatever
 * phys_addr_t holds (below 4 GiB for Debian's armmp kernel, without LPAE).
 */
#include <linux/bitops.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <linux/uio_driver.h>

struct tshm {
	struct uio_info info;
	spinlock_t lock;
	unsigned long masked;
};

static irqreturn_t tshm_handler(int irq, struct uio_info *info)
{
	struct tshm *t = container_of(info, struct tshm, info);

	if (!test_and_set_bit(0, &t->masked))
		disable_irq_nosync(irq);
	return IRQ_HANDLED;
}

static int tshm_irqcontrol(struct uio_info *info, s32 on)
{
	struct tshm *t = container_of(info, struct tshm, info);
	unsigned long flags;

	spin_lock_irqsave(&t->lock, flags);
	if (on) {
		if (test_and_clear_bit(0, &t->masked))
			enable_irq(info->irq);
	} else if (!test_and_set_bit(0, &t->masked)) {
		disable_irq_nosync(info->irq);
	}
	spin_unlock_irqrestore(&t->lock, flags);
	return 0;
}

static int tshm_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct tshm *t;
	const char *label = NULL;
	int i, irq;

	t = devm_kzalloc(dev, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	spin_lock_init(&t->lock);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	of_property_read_string(dev->of_node, "label", &label);
	t->info.name = label ? label : "tessera-shmem";
	t->info.version = "1";
	t->info.irq = irq;
	t->info.handler = tshm_handler;
	t->info.irqcontrol = tshm_irqcontrol;
	for (i = 0; i < 2; i++) {
		struct resource *r = platform_get_resource(pdev, IORESOURCE_MEM, i);

		if (!r) {
			dev_err(dev, "reg entry %d (%s) missing\n", i, i ? "doorbell" : "region");
			return -EINVAL;
		}
		t->info.mem[i].name = i ? "doorbell" : "region";
		t->info.mem[i].memtype = UIO_MEM_PHYS;
		t->info.mem[i].addr = r->start;
		t->info.mem[i].size = resource_size(r);
	}
	return devm_uio_register_device(dev, &t->info);
}

static const struct of_device_id tshm_of_match[] = {
	{ .compatible = "tessera,shmem" },
	{}
};
/*
 * What MODULE_DEVICE_TABLE(of, tshm_of_match) would have modpost derive,
 * spelled out: Debian's x86-64 modpost for 32-bit targets (linux-kbuild's
 * modpost.real-lsb-32) takes struct of_device_id to be 200 bytes, with the
 * host's 8-byte pointer, instead of armhf's 196, and rejects the table.
 */
MODULE_ALIAS("of:N*T*Ctessera,shmem");
MODULE_ALIAS("of:N*T*Ctessera,shmemC*");

static struct platform_driver tshm_driver = {
	.probe = tshm_probe,
	.driver = {
		.name = "tessera_shm",
		.of_match_table = tshm_of_match,
	},
};
module_platform_driver(tshm_driver);

MODULE_DESCRIPTION("Tessera shared region and doorbell as a UIO device");
/*
 * Dual-licensed (see the SPDX line): Apache-2.0 like the rest of Tessera, and
 * GPL-2.0 so the kernel lets it use uio_register_device().
 */
MODULE_LICENSE("GPL");
