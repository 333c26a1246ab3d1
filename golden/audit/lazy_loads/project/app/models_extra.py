from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import backref, relationship

from app.database import Base


class Team(Base):
    __tablename__ = "teams"
    id = Column(Integer, primary_key=True)
    name = Column(String(50))
    members = relationship("Member", lazy="dynamic")  # expect: SQA007


class Member(Base):
    __tablename__ = "members"
    id = Column(Integer, primary_key=True)
    team_id = Column(ForeignKey("teams.id"))
    team = relationship("Team", backref=backref("roster", lazy="dynamic"))  # expect: SQA007
