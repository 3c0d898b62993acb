"""InnoTrack — 创新型城市建设指标任务填报系统."""

__version__ = "0.1.0"
