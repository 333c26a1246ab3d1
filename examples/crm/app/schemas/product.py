from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ProductBase(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    unit_price: float = Field(ge=0)

    @field_validator("sku")
    @classmethod
    def upper_sku(cls, value: str) -> str:
        return value.strip().upper()


class ProductCreate(ProductBase):
    pass


class ProductUpdate(BaseModel):
    sku: str | None = Field(default=None, min_length=1, max_length=64)
    name: str | None = None
    description: str | None = None
    unit_price: float | None = Field(default=None, ge=0)
    is_active: bool | None = None

    @field_validator("sku")
    @classmethod
    def upper_sku(cls, value: str | None) -> str | None:
        return value.strip().upper() if value else value


class ProductOut(ProductBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    is_active: bool
    created_at: datetime | None = None


class SupplierBase(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = None
    country: str | None = Field(default=None, min_length=2, max_length=2)


class SupplierCreate(SupplierBase):
    pass


class SupplierOut(SupplierBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    created_at: datetime | None = None


class ProductDetail(ProductOut):
    suppliers: list[SupplierOut] = []


class SupplierDetail(SupplierOut):
    products: list[ProductOut] = []
