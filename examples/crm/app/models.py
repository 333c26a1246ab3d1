from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.orm import relationship

from app.database import Base

campaign_contacts = Table(
    "campaign_contacts",
    Base.metadata,
    Column(
        "campaign_id",
        Integer,
        ForeignKey("campaigns.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "contact_id",
        Integer,
        ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)

product_suppliers = Table(
    "product_suppliers",
    Base.metadata,
    Column(
        "product_id",
        Integer,
        ForeignKey("products.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "supplier_id",
        Integer,
        ForeignKey("suppliers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)

customer_tags = Table(
    "customer_tags",
    Base.metadata,
    Column(
        "customer_id",
        Integer,
        ForeignKey("customers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "tag_id",
        Integer,
        ForeignKey("tags.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True, index=True)
    email = Column(String(255), unique=True, index=True, nullable=False)
    full_name = Column(String(255))
    hashed_password = Column(String(255), nullable=False)
    is_active = Column(Boolean, default=True, nullable=False)
    is_admin = Column(Boolean, default=False, nullable=False)
    tenant = Column(String(64), default="default", nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    customers = relationship("Customer", back_populates="owner")
    leads = relationship("Lead", back_populates="owner")
    assigned_tickets = relationship("Ticket", back_populates="assignee")


class ApiKey(Base):
    __tablename__ = "api_keys"

    id = Column(Integer, primary_key=True, index=True)
    tenant = Column(String(64), nullable=False, index=True)
    name = Column(String(100), nullable=False)
    prefix = Column(String(16), nullable=False)
    hashed_key = Column(String(128), nullable=False, unique=True)
    created_by_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    created_by = relationship("User")


class Customer(Base):
    __tablename__ = "customers"

    id = Column(Integer, primary_key=True, index=True)
    name = Column(String(200), nullable=False, index=True)
    email = Column(String(255))
    phone = Column(String(50))
    city = Column(String(100), index=True)
    industry = Column(String(100))
    owner_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    owner = relationship("User", back_populates="customers")
    contacts = relationship(
        "Contact",
        back_populates="customer",
        cascade="all, delete-orphan",
        order_by="Contact.id",
    )
    quotes = relationship(
        "Quote", back_populates="customer", cascade="all, delete-orphan"
    )
    tickets = relationship(
        "Ticket", back_populates="customer", cascade="all, delete-orphan"
    )
    orders = relationship(
        "Order", back_populates="customer", cascade="all, delete-orphan"
    )
    notes = relationship(
        "Note", back_populates="customer", cascade="all, delete-orphan"
    )
    tags = relationship(
        "Tag",
        secondary=customer_tags,
        back_populates="customers",
        order_by="Tag.name",
    )


class Contact(Base):
    __tablename__ = "contacts"

    id = Column(Integer, primary_key=True, index=True)
    customer_id = Column(
        Integer, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False
    )
    first_name = Column(String(100), nullable=False)
    last_name = Column(String(100))
    email = Column(String(255), index=True)
    phone = Column(String(50))
    job_title = Column(String(100))
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    customer = relationship("Customer", back_populates="contacts")
    campaigns = relationship(
        "Campaign", secondary=campaign_contacts, back_populates="contacts"
    )

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class Lead(Base):
    __tablename__ = "leads"

    id = Column(Integer, primary_key=True, index=True)
    title = Column(String(200), nullable=False)
    company = Column(String(200))
    contact_name = Column(String(200))
    email = Column(String(255))
    city = Column(String(100))
    source = Column(String(50))
    status = Column(String(20), default="new", nullable=False, index=True)
    estimated_value = Column(Float, default=0.0, nullable=False)
    owner_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    customer_id = Column(Integer, ForeignKey("customers.id", ondelete="SET NULL"))
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    owner = relationship("User", back_populates="leads")
    customer = relationship("Customer")


class Product(Base):
    __tablename__ = "products"

    id = Column(Integer, primary_key=True, index=True)
    sku = Column(String(64), unique=True, index=True, nullable=False)
    name = Column(String(200), nullable=False)
    description = Column(Text)
    unit_price = Column(Float, nullable=False)
    is_active = Column(Boolean, default=True, nullable=False)
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    suppliers = relationship(
        "Supplier",
        secondary=product_suppliers,
        back_populates="products",
        order_by="Supplier.id",
    )


class Supplier(Base):
    __tablename__ = "suppliers"

    id = Column(Integer, primary_key=True, index=True)
    name = Column(String(200), nullable=False)
    email = Column(String(255))
    country = Column(String(2), index=True)
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    products = relationship(
        "Product",
        secondary=product_suppliers,
        back_populates="suppliers",
        order_by="Product.id",
    )


class Quote(Base):
    __tablename__ = "quotes"

    id = Column(Integer, primary_key=True, index=True)
    customer_id = Column(
        Integer, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False
    )
    created_by_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    title = Column(String(200), nullable=False)
    status = Column(String(20), default="draft", nullable=False, index=True)
    discount_percent = Column(Float, default=0.0, nullable=False)
    notes = Column(Text)
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    customer = relationship("Customer", back_populates="quotes")
    created_by = relationship("User")
    items = relationship(
        "QuoteItem",
        back_populates="quote",
        cascade="all, delete-orphan",
        order_by="QuoteItem.id",
    )


class QuoteItem(Base):
    __tablename__ = "quote_items"

    id = Column(Integer, primary_key=True, index=True)
    quote_id = Column(
        Integer, ForeignKey("quotes.id", ondelete="CASCADE"), nullable=False
    )
    product_id = Column(Integer, ForeignKey("products.id"), nullable=False)
    description = Column(String(255))
    quantity = Column(Integer, nullable=False, default=1)
    unit_price = Column(Float, nullable=False)

    quote = relationship("Quote", back_populates="items")
    product = relationship("Product")

    @property
    def line_total(self) -> float:
        return round(self.quantity * self.unit_price, 2)


class Campaign(Base):
    __tablename__ = "campaigns"

    id = Column(Integer, primary_key=True, index=True)
    name = Column(String(200), nullable=False)
    subject = Column(String(255), nullable=False)
    body = Column(Text, nullable=False)
    status = Column(String(20), default="draft", nullable=False)
    sent_at = Column(DateTime(timezone=True))
    created_by_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    contacts = relationship(
        "Contact",
        secondary=campaign_contacts,
        back_populates="campaigns",
        order_by="Contact.id",
    )
    deliveries = relationship(
        "CampaignDelivery",
        back_populates="campaign",
        cascade="all, delete-orphan",
        order_by="CampaignDelivery.id",
    )


class CampaignDelivery(Base):
    __tablename__ = "campaign_deliveries"

    id = Column(Integer, primary_key=True, index=True)
    campaign_id = Column(
        Integer, ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False
    )
    contact_id = Column(Integer, ForeignKey("contacts.id", ondelete="SET NULL"))
    email = Column(String(255), nullable=False)
    delivered_at = Column(DateTime(timezone=True))

    campaign = relationship("Campaign", back_populates="deliveries")


class Ticket(Base):
    __tablename__ = "tickets"

    id = Column(Integer, primary_key=True, index=True)
    customer_id = Column(
        Integer, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False
    )
    subject = Column(String(255), nullable=False)
    description = Column(Text)
    status = Column(String(20), default="open", nullable=False, index=True)
    priority = Column(String(10), default="normal", nullable=False)
    assignee_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    is_read = Column(Boolean, default=False, nullable=False)
    created_at = Column(DateTime(timezone=True), server_default=func.now())
    closed_at = Column(DateTime(timezone=True))

    customer = relationship("Customer", back_populates="tickets")
    assignee = relationship("User", back_populates="assigned_tickets")
    comments = relationship(
        "TicketComment",
        back_populates="ticket",
        cascade="all, delete-orphan",
        order_by="TicketComment.id",
    )


class TicketComment(Base):
    __tablename__ = "ticket_comments"

    id = Column(Integer, primary_key=True, index=True)
    ticket_id = Column(
        Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False
    )
    author_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    body = Column(Text, nullable=False)
    is_internal = Column(Boolean, default=False, nullable=False)
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    ticket = relationship("Ticket", back_populates="comments")
    author = relationship("User")


class Order(Base):
    __tablename__ = "orders"

    id = Column(Integer, primary_key=True, index=True)
    number = Column(String(20), unique=True, index=True)
    customer_id = Column(
        Integer, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False
    )
    quote_id = Column(
        Integer, ForeignKey("quotes.id", ondelete="SET NULL"), unique=True
    )
    created_by_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    status = Column(String(20), default="pending", nullable=False, index=True)
    discount_percent = Column(Float, default=0.0, nullable=False)
    created_at = Column(DateTime(timezone=True), server_default=func.now())
    shipped_at = Column(DateTime(timezone=True))

    customer = relationship("Customer", back_populates="orders")
    quote = relationship("Quote")
    created_by = relationship("User")
    lines = relationship(
        "OrderLine",
        back_populates="order",
        cascade="all, delete-orphan",
        order_by="OrderLine.id",
    )
    invoices = relationship(
        "Invoice",
        back_populates="order",
        cascade="all, delete-orphan",
        order_by="Invoice.id",
    )


class OrderLine(Base):
    __tablename__ = "order_lines"

    id = Column(Integer, primary_key=True, index=True)
    order_id = Column(
        Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False
    )
    product_id = Column(Integer, ForeignKey("products.id"), nullable=False)
    description = Column(String(255))
    quantity = Column(Integer, nullable=False, default=1)
    unit_price = Column(Float, nullable=False)

    order = relationship("Order", back_populates="lines")
    product = relationship("Product")

    @property
    def line_total(self) -> float:
        return round(self.quantity * self.unit_price, 2)


class Invoice(Base):
    __tablename__ = "invoices"

    id = Column(Integer, primary_key=True, index=True)
    number = Column(String(20), unique=True, index=True)
    order_id = Column(
        Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False
    )
    customer_id = Column(
        Integer, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False
    )
    status = Column(String(20), default="open", nullable=False, index=True)
    amount = Column(Float, nullable=False)
    issued_on = Column(Date, nullable=False)
    due_on = Column(Date, nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    order = relationship("Order", back_populates="invoices")
    customer = relationship("Customer")
    payments = relationship(
        "Payment",
        back_populates="invoice",
        cascade="all, delete-orphan",
        order_by="Payment.id",
    )

    @property
    def amount_paid(self) -> float:
        return round(sum(payment.amount for payment in self.payments), 2)

    @property
    def balance(self) -> float:
        return round(self.amount - self.amount_paid, 2)


class Payment(Base):
    __tablename__ = "payments"

    id = Column(Integer, primary_key=True, index=True)
    invoice_id = Column(
        Integer, ForeignKey("invoices.id", ondelete="CASCADE"), nullable=False
    )
    amount = Column(Float, nullable=False)
    method = Column(String(20), default="bank_transfer", nullable=False)
    paid_on = Column(Date, nullable=False)
    received_by_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    invoice = relationship("Invoice", back_populates="payments")
    received_by = relationship("User")


class Task(Base):
    __tablename__ = "tasks"

    id = Column(Integer, primary_key=True, index=True)
    title = Column(String(200), nullable=False)
    description = Column(Text)
    due_date = Column(Date, index=True)
    priority = Column(String(10), default="normal", nullable=False)
    status = Column(String(20), default="open", nullable=False, index=True)
    assignee_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    customer_id = Column(Integer, ForeignKey("customers.id", ondelete="CASCADE"))
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="CASCADE"))
    created_at = Column(DateTime(timezone=True), server_default=func.now())
    completed_at = Column(DateTime(timezone=True))

    assignee = relationship("User", foreign_keys=[assignee_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    customer = relationship("Customer")
    lead = relationship("Lead")


class Tag(Base):
    __tablename__ = "tags"

    id = Column(Integer, primary_key=True, index=True)
    name = Column(String(50), unique=True, index=True, nullable=False)
    color = Column(String(7))
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    customers = relationship(
        "Customer",
        secondary=customer_tags,
        back_populates="tags",
        order_by="Customer.id",
    )


class Note(Base):
    __tablename__ = "notes"

    id = Column(Integer, primary_key=True, index=True)
    customer_id = Column(
        Integer, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False
    )
    author_id = Column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    body = Column(Text, nullable=False)
    is_pinned = Column(Boolean, default=False, nullable=False)
    created_at = Column(DateTime(timezone=True), server_default=func.now())
    edited_at = Column(DateTime(timezone=True))

    customer = relationship("Customer", back_populates="notes")
    author = relationship("User")
