from aftersales.models.catalog import FreeLabor, JobType, LaborOperation, PartPrice  # noqa: F401
